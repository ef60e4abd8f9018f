/**
 * Turning a plan into a DL4J network, and moving its parameters in and out as flat vectors.
 */
package org.flotilla.model.network;
