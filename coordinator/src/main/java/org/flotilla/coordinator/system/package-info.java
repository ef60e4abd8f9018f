/**
 * Cross-cutting parts of the coordinator: typed configuration ({@link
 * org.flotilla.coordinator.system.FlotillaProperties}), the tensor thread pool, authentication
 * and authorisation, problem+json errors, metrics, scheduling and the OpenAPI description.
 */
package org.flotilla.coordinator.system;
