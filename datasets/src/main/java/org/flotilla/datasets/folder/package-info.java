/**
 * The on-disk format of one client's data, written by the partition CLI and read by
 * {@link org.flotilla.datasets.LocalData} and the edge client: a folder with
 * {@code client.json} ({@link org.flotilla.datasets.folder.ClientManifest}) and four gzip IDX
 * files, and the {@code summary.json} ({@link org.flotilla.datasets.folder.PartitionSummary})
 * next to the client folders. {@code docs/datasets.md} describes the format byte for byte.
 */
package org.flotilla.datasets.folder;
