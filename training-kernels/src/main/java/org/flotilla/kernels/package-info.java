/**
 * Fast local training for Flotilla's built-in architectures: the forward and backward pass and the
 * plain-SGD step of the mlp and cnn (McMahan et al. 2017), run directly on native BLAS and on
 * libnd4j's convolution and pooling operations with buffers allocated once, updating the
 * {@code MultiLayerNetwork}'s own parameters in place. DL4J's layer code spends most of a step in
 * per-operation overhead, copies and allocation (see docs/performance.md); these kernels compute
 * the same step (tested against DL4J's gradients) without it.
 */
package org.flotilla.kernels;
