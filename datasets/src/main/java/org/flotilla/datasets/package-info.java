/**
 * Local training data for Flotilla: the in-memory {@link org.flotilla.datasets.LabeledDataset},
 * the single entry point {@link org.flotilla.datasets.LocalData} that opens any supported data
 * spec, and the {@link org.flotilla.datasets.DataException} every reader throws for data a person
 * has to fix.
 *
 * <p>Sub-packages hold the readers ({@code idx}, {@code mnist}, {@code csv}, {@code image}), the
 * client-folder format ({@code folder}), partitioners ({@code partition}), synthetic data
 * ({@code synthetic}), DL4J adapters ({@code iterator}) and the partition CLI ({@code cli}).
 * Nothing here knows about Spring, the coordinator or the edge client.
 */
package org.flotilla.datasets;
