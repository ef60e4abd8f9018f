/**
 * Deterministic synthetic federated data: the Synthetic(alpha, beta) family of the FedProx paper,
 * naturally split into devices with different models and input distributions.
 */
package org.flotilla.datasets.synthetic;
