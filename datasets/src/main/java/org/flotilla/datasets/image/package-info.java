/**
 * Image folders as labelled data: one sub-folder per class, read with DataVec's OpenCV-backed
 * {@link org.datavec.image.loader.NativeImageLoader}. See
 * {@link org.flotilla.datasets.image.ImageFolderReader}.
 */
package org.flotilla.datasets.image;
