package org.flotilla.edge.http;

/** How the coordinator acknowledged an update or an evaluation result. */
public enum UploadAck {
    /** 201: stored for the first time. */
    CREATED,
    /** 200: the same bytes had already been accepted (a retry after a lost answer). */
    ALREADY_ACCEPTED
}
