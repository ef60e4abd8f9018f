/**
 * From float updates to integers modulo 2^b and back: clipping, unbiased stochastic rounding,
 * FedAvg weighting and dequantization of the unmasked sum, with the error bounds they imply.
 */
package org.flotilla.secagg.quant;
