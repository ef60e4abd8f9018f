/**
 * The neighbourhood graph of a round: complete (SecAgg) or a randomly labelled Harary graph
 * H(n, k) (SecAgg+, Bell et al. 2020), derived from the participants and a seed the server
 * publishes, so every party computes the same graph and none can choose its neighbours.
 */
package org.flotilla.secagg.graph;
