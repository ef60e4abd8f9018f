/**
 * Dividing one data set among simulated clients, the usual ways federated-learning papers do it:
 * IID, label skew by a Dirichlet prior, label skew by sorted shards, and quantity skew. Every
 * {@link org.flotilla.datasets.partition.Partitioner} is a pure, seeded function of the labels,
 * so a partition is reproducible from its settings and seed and every example lands in exactly one
 * client.
 */
package org.flotilla.datasets.partition;
