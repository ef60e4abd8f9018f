/**
 * The MNIST family of image data sets stored as four IDX files: Fashion-MNIST
 * ({@link org.flotilla.datasets.mnist.FashionMnist}) and MNIST
 * ({@link org.flotilla.datasets.mnist.Mnist}). Finding the files on a machine
 * ({@code locate}) and loading them as {@link org.flotilla.datasets.LabeledDataset}s with pixels
 * scaled to {@code [0, 1]}.
 */
package org.flotilla.datasets.mnist;
