/**
 * Adapters from {@link org.flotilla.datasets.LabeledDataset} to Deeplearning4j's
 * {@link org.nd4j.linalg.dataset.api.iterator.DataSetIterator}, with seeded per-epoch shuffling
 * and disjoint shards for worker threads.
 */
package org.flotilla.datasets.iterator;
