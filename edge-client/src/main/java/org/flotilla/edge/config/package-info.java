/**
 * The client's settings: one typed, validated record ({@link org.flotilla.edge.config.ClientConfig})
 * resolved from the command line, the environment, a properties file and defaults, in that order
 * of precedence ({@link org.flotilla.edge.config.ConfigResolver}). Errors name the setting, where
 * its value came from, and what is allowed.
 */
package org.flotilla.edge.config;
