/**
 * Where the coordinator is and which admin token to send: from the command line, the environment
 * ({@code FLOTILLA_URL}, {@code FLOTILLA_ADMIN_TOKEN}) or a properties file, in that order.
 */
package org.flotilla.operator.config;
