package org.flotilla.model.wire;

/** What an assignment asks a client to do. */
public enum TaskKind {
    /** Train on local data and upload an update. */
    TRAIN,
    /** Evaluate the global model on the local held-out split and report metrics only. */
    EVALUATE
}
