/**
 * The example code bundle: Fashion-MNIST (or any [C, H, W] image data) with an MLP trained with
 * random-shift augmentation and label smoothing, two things a declarative plan cannot express.
 * Built by the normal build into {@code examples/fashion-mnist-augment/target/*.jar}; signing and
 * shipping it: docs/code-bundles.md.
 */
package org.flotilla.examples.fmnist;
