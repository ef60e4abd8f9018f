/**
 * The HTTP edge of the coordinator that is not a feature's own endpoint: the one mapping from the
 * domain's exceptions to {@code application/problem+json}, and the client's check-in and decline
 * calls, which serve every kind of cohort. Nothing below depends on this package.
 */
package org.flotilla.coordinator.web;
