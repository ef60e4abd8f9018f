package org.flotilla.coordinator.client;

/** What the registry knows about a client now. */
public enum ClientStatus {
    /** It holds an assignment in an open round. */
    TRAINING,
    /** It holds an assignment in an open federated evaluation. */
    EVALUATING,
    /** It checked in recently (within twice the long-poll wait plus the retry interval). */
    IDLE,
    /** Not seen recently. */
    OFFLINE,
    /** The operator revoked it: every request it makes gets 401 (whatever it did before). */
    REVOKED
}
