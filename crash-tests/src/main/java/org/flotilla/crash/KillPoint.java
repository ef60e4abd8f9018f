package org.flotilla.crash;

/** Where the campaign SIGKILLs the coordinator; each cycle of a campaign visits every point once. */
public enum KillPoint {
    /** Within a few ms of the first 201 of a burst of concurrent enrolments, the others still in flight. */
    AFTER_ENROLMENT_BURST("after the first 201 of a burst of concurrent enrolments"),
    /** Within a few ms of the 201 of a job creation. */
    AFTER_JOB_CREATED("after the 201 of a job creation"),
    /** Within a few ms of a check-in that answered with an assignment. */
    AFTER_ASSIGNMENT("after a check-in answered with an assignment"),
    /** Within a few ms of the 201 of an update. */
    AFTER_UPDATE_ACCEPTED("after the 201 of an update"),
    /** Within a few ms of the 204 of a decline. */
    AFTER_DECLINE("after the 204 of a decline"),
    /** While an upload's body is half sent and partly written to {@code artifacts/tmp}. */
    MID_UPLOAD_BODY("in the middle of an upload's body"),
    /** As soon as the round is seen in AGGREGATING. */
    DURING_AGGREGATION("while the round is AGGREGATING"),
    /** Within a few ms of the 201 of an evaluation result. */
    AFTER_EVALUATION_RESULT("after the 201 of an evaluation result"),
    /** As soon as a round completed, its evaluation completed and the next round opened, as seen through the API. */
    AFTER_ROUND_TRANSITION("after round transitions were seen through the API"),
    /** As soon as the aggregation's first artifact appears as a temporary file. */
    DURING_ARTIFACT_WRITE("while the aggregation writes an artifact"),
    /** Within a few ms of the 200 of a cancellation. */
    AFTER_CANCEL("after the 200 of a cancellation");

    private final String description;

    KillPoint(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
