package org.flotilla.coordinator.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.validation.ConstraintViolation;
import org.flotilla.coordinator.strategy.StrategyConfigException;
import org.flotilla.coordinator.system.BodyTooLarge;
import org.flotilla.coordinator.system.Conflict;
import org.flotilla.coordinator.system.DomainException;
import org.flotilla.coordinator.system.Invalid;
import org.flotilla.coordinator.system.NotFound;
import org.flotilla.coordinator.system.Problems;
import org.flotilla.coordinator.system.Refused;
import org.flotilla.model.plan.PlanException;
import org.flotilla.model.protocol.ProtocolHeaders;
import org.flotilla.model.protocol.RefusalReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

/**
 * The one place where the domain's refusals become HTTP: every error the API answers is
 * {@code application/problem+json}; bad input names the field and what was allowed, and never
 * carries a stack trace. {@link DomainException}s map by kind ({@link Invalid} 400, {@link NotFound}
 * 404, {@link Conflict} 409, {@link Refused} the status its protocol reason carries).
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(DomainException.class)
    ResponseEntity<ProblemDetail> domain(DomainException e) {
        HttpStatus status = status(e);
        ProblemDetail problem = Problems.field(status, e.slug(), e.getMessage(), e.field(), e.limit());
        e.properties().forEach(problem::setProperty);
        Object retryAfter = e.properties().get(Refused.RETRY_AFTER_SECONDS);
        if (retryAfter != null) {
            return ResponseEntity.status(status).header(ProtocolHeaders.RETRY_AFTER, retryAfter.toString()).body(problem);
        }
        return ResponseEntity.status(status).body(problem);
    }

    /** The HTTP status of a domain refusal. */
    static HttpStatus status(DomainException e) {
        return switch (e) {
            case Invalid i -> HttpStatus.BAD_REQUEST;
            case NotFound n -> HttpStatus.NOT_FOUND;
            case Conflict c -> HttpStatus.CONFLICT;
            case Refused r -> HttpStatus.valueOf(r.reason().status());
        };
    }

    @ExceptionHandler(PlanException.class)
    ResponseEntity<ProblemDetail> plan(PlanException e) {
        return badRequest(Problems.field(HttpStatus.BAD_REQUEST, "invalid-plan", e.getMessage(), e.field(), e.limit()));
    }

    /** A body without a declared length that ran past its limit while it was read ({@code system.RequestLimits}). */
    @ExceptionHandler(BodyTooLarge.class)
    ResponseEntity<ProblemDetail> tooLarge(BodyTooLarge e) {
        ProblemDetail problem = Problems.field(HttpStatus.CONTENT_TOO_LARGE, RefusalReason.TOO_LARGE.slug(), e.getMessage(),
                "body", "at most " + e.limit() + " bytes");
        problem.setProperty("reason", RefusalReason.TOO_LARGE.name());
        // The rest of the body is not read: the connection is closed after this answer.
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).header(HttpHeaders.CONNECTION, "close").body(problem);
    }

    @ExceptionHandler(StrategyConfigException.class)
    ResponseEntity<ProblemDetail> strategy(StrategyConfigException e) {
        return badRequest(Problems.field(HttpStatus.BAD_REQUEST, "invalid-strategy", e.getMessage(), e.field(), e.limit()));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("Unexpected error answering a request", e);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR,
                "internal-error", "the coordinator failed to answer: " + e.getClass().getSimpleName()
                        + "; the log has the details"));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        List<Map<String, Object>> errors = new ArrayList<>();
        for (FieldError fe : e.getBindingResult().getFieldErrors()) {
            errors.add(fieldError(fe.getField(), limitOf(fe), fe.getDefaultMessage()));
        }
        e.getBindingResult().getGlobalErrors().forEach(ge -> errors.add(fieldError(ge.getObjectName(), null, ge.getDefaultMessage())));
        return validationProblem(errors);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
                                                                            HttpHeaders headers, HttpStatusCode status,
                                                                            WebRequest request) {
        List<Map<String, Object>> errors = new ArrayList<>();
        e.getParameterValidationResults().forEach(r -> {
            String name = r.getMethodParameter().getParameterName();
            for (MessageSourceResolvable error : r.getResolvableErrors()) {
                String limit = null;
                if (r.unwrap(error, ConstraintViolation.class) instanceof ConstraintViolation<?> v) {
                    limit = ConstraintLimits.describe(v);
                }
                errors.add(fieldError(name, limit, error.getDefaultMessage()));
            }
        });
        return validationProblem(errors);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof BodyTooLarge t) {
                return body(tooLarge(t));
            }
            if (c instanceof PlanException p) {
                return body(plan(p));
            }
            if (c instanceof StrategyConfigException s) {
                return body(strategy(s));
            }
            if (c instanceof JacksonException j && !j.getPath().isEmpty()) {
                String field = fieldPath(j);
                return body(badRequest(Problems.field(HttpStatus.BAD_REQUEST, "malformed-json",
                        "field " + field + " could not be read: " + j.getOriginalMessage(), field, "a value of the documented type")));
            }
        }
        return body(badRequest(Problems.of(HttpStatus.BAD_REQUEST, "malformed-json",
                "the request body is not valid JSON for this call: " + rootMessage(e))));
    }

    private static String fieldPath(JacksonException j) {
        StringBuilder sb = new StringBuilder();
        for (JacksonException.Reference r : j.getPath()) {
            if (r.getPropertyName() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(r.getPropertyName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String limitOf(FieldError fe) {
        if (fe.contains(ConstraintViolation.class)) {
            return ConstraintLimits.describe(fe.unwrap(ConstraintViolation.class));
        }
        return null;
    }

    private static Map<String, Object> fieldError(String field, String limit, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("field", field);
        if (limit != null) {
            m.put("limit", limit);
        }
        m.put("message", message);
        return m;
    }

    private static ResponseEntity<Object> validationProblem(List<Map<String, Object>> errors) {
        Map<String, Object> first = errors.isEmpty() ? Map.of("field", "body", "message", "invalid") : errors.getFirst();
        String detail = first.get("field") + " " + first.get("message")
                + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more; see errors)" : "");
        ProblemDetail problem = Problems.field(HttpStatus.BAD_REQUEST, "invalid-request", detail,
                (String) first.get("field"), (String) first.get("limit"));
        problem.setProperty("errors", errors);
        return body(badRequest(problem));
    }

    private static ResponseEntity<ProblemDetail> badRequest(ProblemDetail problem) {
        return ResponseEntity.badRequest().body(problem);
    }

    private static ResponseEntity<Object> body(ResponseEntity<ProblemDetail> e) {
        return ResponseEntity.status(e.getStatusCode()).headers(e.getHeaders()).body(e.getBody());
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String m = c.getMessage();
        return m == null ? c.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
