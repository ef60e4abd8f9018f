package org.flotilla.coordinator.events;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import org.flotilla.coordinator.job.Job;
import org.flotilla.coordinator.job.JobRepository;
import org.flotilla.coordinator.system.Invalid;
import org.flotilla.coordinator.system.NotFound;
import org.flotilla.coordinator.system.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/events} and {@code GET /api/v1/jobs/{jobId}/events}: Server-Sent Events for
 * operators' scripts and the console (docs/events.md).
 */
@RestController
@Tag(name = "Events")
@SecurityRequirement(name = "admin")
class EventStreamController {

    private static final String LAST_EVENT_ID = "Last-Event-ID";
    private static final String DATA = "Each event's `data:` is one line of JSON: `ready` → EventReady, `job` → JobChangeEvent, "
            + "`round`/`evaluation`/`cohort` → CohortChangeEvent, `participant` → ParticipantChangeEvent, `client` → ClientChangeEvent.";

    private final EventStreams streams;
    private final JobRepository jobs;

    EventStreamController(EventStreams streams, JobRepository jobs) {
        this.streams = streams;
        this.jobs = jobs;
    }

    @Operation(operationId = "followFleet", summary = "Follow every job and client as Server-Sent Events",
            description = "A `text/event-stream` that stays open: `ready` first, then `job`, `round`, `evaluation`, "
                    + "`cohort`, `participant` and `client` events as the coordinator commits the changes, and a "
                    + "comment line (`: keep-alive`) when nothing happened for `flotilla.events.heartbeat`. Send the "
                    + "last `id:` received as `Last-Event-ID` when reconnecting: the stream then resumes exactly "
                    + "(`ready.resumed` true) or tells you to re-read the REST resources. " + DATA)
    @ApiResponse(responseCode = "200", description = "The stream (ends after `flotilla.events.max-stream-duration`, "
            + "when the consumer falls `flotilla.events.stream-buffer` events behind, or when the coordinator stops).",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(oneOf = {
                    EventData.Ready.class, EventData.JobChange.class, EventData.CohortChange.class,
                    EventData.ParticipantChange.class, EventData.ClientChange.class})))
    @ApiResponse(responseCode = "400", description = "`types` names an unknown event type")
    @ApiResponse(responseCode = "503", description = "This replica serves `flotilla.events.max-streams` streams already, "
            + "or is stopping: retry after `Retry-After` seconds")
    @GetMapping(path = "/api/v1/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    void fleet(@Parameter(description = "Comma-separated event types to receive (default: all), e.g. `job,round,client`",
                       example = "job,round,client") @RequestParam(required = false) String types,
               @Parameter(name = LAST_EVENT_ID, in = ParameterIn.HEADER,
                       description = "The last `id:` received, to resume after it") @RequestHeader(
                       value = LAST_EVENT_ID, required = false) String lastEventId,
               HttpServletResponse response) {
        streams.serve(new StreamFilter(null, types(types, EventType.selectable())), lastEventId, null, response);
    }

    @Operation(operationId = "followJob", summary = "Follow one job as Server-Sent Events",
            description = "As `GET /api/v1/events`, for one job: `ready`, then (unless resumed) a `job` event with the job "
                    + "as it is, then its `job`, `round`, `evaluation`, `cohort` and `participant` events. The stream "
                    + "ends about 2 s after the job reached a terminal state. " + DATA)
    @ApiResponse(responseCode = "200", description = "The stream",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(oneOf = {
                    EventData.Ready.class, EventData.JobChange.class, EventData.CohortChange.class,
                    EventData.ParticipantChange.class})))
    @ApiResponse(responseCode = "400", description = "`types` names an unknown event type, or `client`")
    @ApiResponse(responseCode = "404", description = "No such job")
    @ApiResponse(responseCode = "503", description = "Too many streams, or stopping: retry after `Retry-After` seconds")
    @GetMapping(path = "/api/v1/jobs/{jobId}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    void job(@Parameter(description = "The job", example = "1") @PathVariable long jobId,
             @Parameter(description = "Comma-separated event types to receive (default: all of a job's)",
                     example = "job,round") @RequestParam(required = false) String types,
             @Parameter(name = LAST_EVENT_ID, in = ParameterIn.HEADER,
                     description = "The last `id:` received, to resume after it") @RequestHeader(
                     value = LAST_EVENT_ID, required = false) String lastEventId,
             HttpServletResponse response) {
        Set<EventType> jobTypes = EnumSet.copyOf(EventType.selectable());
        jobTypes.remove(EventType.CLIENT);
        Set<EventType> wanted = types(types, jobTypes);
        Job job = jobs.find(jobId).orElseThrow(() -> new NotFound("job " + jobId));
        streams.serve(new StreamFilter(jobId, wanted), lastEventId, job, response);
    }

    @ExceptionHandler(EventHub.Unavailable.class)
    ResponseEntity<ProblemDetail> unavailable(EventHub.Unavailable e) {
        ProblemDetail problem = e.limit() > 0
                ? Problems.field(HttpStatus.SERVICE_UNAVAILABLE, "too-many-streams", e.getMessage(), "streams",
                "at most " + e.limit())
                : Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "stopping", e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static Set<EventType> types(String spec, Set<EventType> allowed) {
        if (spec == null || spec.isBlank()) {
            return allowed;
        }
        Set<EventType> wanted = EnumSet.noneOf(EventType.class);
        for (String name : spec.split(",")) {
            EventType t = EventType.ofWireName(name.strip()).filter(allowed::contains).orElseThrow(() -> Invalid.field(
                    "types", "comma-separated, of " + allowed.stream().map(EventType::wireName).sorted()
                            .collect(Collectors.joining(", ")), "types names an event type this stream does not have: "
                            + name.strip()));
            wanted.add(t);
        }
        return wanted;
    }
}
