/**
 * Image folders as labelled data: one sub-folder per class, decoded with the JDK's
 * {@code javax.imageio} (no native library). See {@link org.flotilla.datasets.image.ImageFolderReader}.
 */
package org.flotilla.datasets.image;
