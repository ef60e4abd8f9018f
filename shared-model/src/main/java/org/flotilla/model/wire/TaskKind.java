package org.flotilla.model.wire;

/** What an assignment asks a client to do. */
public enum TaskKind {
    /** Train on local data and upload an update. */
    TRAIN,
    /** Evaluate the global model on the local held-out split and report metrics only. */
    EVALUATE,
    /** Secure aggregation, phase 0: advertise two fresh public keys. */
    SECAGG_KEYS,
    /** Secure aggregation, phase 1: send the neighbours sealed shares of the two secrets. */
    SECAGG_SHARES,
    /** Secure aggregation, phase 2: train, then upload the weighted, quantized, masked update. */
    SECAGG_MASKED,
    /** Secure aggregation, phase 3: reveal the shares that remove the masks. */
    SECAGG_UNMASK
}
