/**
 * Starting and stopping a local federation (one coordinator process, N edge-client processes)
 * and reading its rounds through the operators' REST API.
 */
package org.flotilla.demo.federation;
