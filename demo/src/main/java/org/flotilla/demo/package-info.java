/**
 * The one-command demo and the benchmark: a real coordinator process and real edge-client
 * processes on one machine, driven over HTTP only.
 */
package org.flotilla.demo;
