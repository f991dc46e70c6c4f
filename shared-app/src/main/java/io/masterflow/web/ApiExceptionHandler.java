package io.masterflow.web;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.masterflow.axon.AxonServerOutage;
import io.masterflow.limits.BodyTooLarge;
import io.masterflow.limits.ContentTooLarge;
import io.masterflow.limits.TooManyRequests;
import io.masterflow.overload.OverCapacity;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The one mapping from request failures to problem+json answers, shared by every API of masterflow. A side adds
 * the failures only it knows (command rejections, for instance) in an advice of its own with higher precedence.
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
    /** The connector tries to reconnect every 2 s: a client coming back after 5 finds it connected if it can be. */
    private static final Duration RETRY_AFTER_OUTAGE = Duration.ofSeconds(5);

    @ExceptionHandler(InvalidRequest.class)
    ResponseEntity<ProblemDetail> invalid(InvalidRequest failure) {
        ProblemDetail problem = ProblemResponses.problem(HttpStatus.BAD_REQUEST, failure.getMessage());
        problem.setProperty("field", failure.field());
        return answer(problem);
    }

    @ExceptionHandler(ContentTooLarge.class)
    ResponseEntity<ProblemDetail> tooLarge(ContentTooLarge failure) {
        ProblemDetail problem = ProblemResponses.problem(HttpStatus.PAYLOAD_TOO_LARGE, failure.getMessage());
        problem.setProperty("field", failure.field());
        return answer(problem);
    }

    /** A body its handler streams itself (an inventory) that passed its limit while it was read. */
    @ExceptionHandler(BodyTooLarge.class)
    ResponseEntity<ProblemDetail> bodyTooLarge(BodyTooLarge failure) {
        return answer(ProblemResponses.problem(HttpStatus.PAYLOAD_TOO_LARGE, failure.getMessage()));
    }

    @ExceptionHandler(TooManyRequests.class)
    ResponseEntity<ProblemDetail> tooMany(TooManyRequests failure) {
        return retryLater(HttpStatus.TOO_MANY_REQUESTS, failure.retryAfter(), failure.getMessage());
    }

    @ExceptionHandler(OverCapacity.class)
    ResponseEntity<ProblemDetail> overCapacity(OverCapacity failure) {
        return retryLater(HttpStatus.SERVICE_UNAVAILABLE, failure.retryAfter(), failure.getMessage());
    }

    /** Nothing was done, and the client may try again after {@code retryAfter}. */
    private static ResponseEntity<ProblemDetail> retryLater(HttpStatus status, Duration retryAfter, String detail) {
        return ResponseEntity.status(status)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfter.toSeconds()))
                .body(ProblemResponses.problem(status, detail));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException failure) {
        ProblemDetail problem = ProblemResponses.problem(HttpStatus.BAD_REQUEST,
                "'" + failure.getValue() + "' is not a valid " + failure.getName());
        problem.setProperty("field", failure.getName());
        return answer(problem);
    }

    /**
     * A constraint on a request parameter of a {@code @Validated} controller (its query parameters); the field is the
     * parameter's name, as the request spells it.
     */
    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> constraintViolated(ConstraintViolationException failure) {
        List<ConstraintViolation<?>> violations = failure.getConstraintViolations().stream()
                .sorted(Comparator.comparing(violation -> violation.getPropertyPath().toString())).toList();
        String detail = violations.stream().map(violation -> "'" + leafName(violation) + "' " + violation.getMessage())
                .collect(Collectors.joining("; "));
        ProblemDetail problem = ProblemResponses.problem(HttpStatus.BAD_REQUEST, detail);
        problem.setProperty("field", violations.isEmpty() ? null : leafName(violations.get(0)));
        return answer(problem);
    }

    private static String leafName(ConstraintViolation<?> violation) {
        String name = null;
        for (Path.Node node : violation.getPropertyPath()) {
            name = node.getName();
        }
        return name;
    }

    @ExceptionHandler(ResponseStatusException.class)
    ResponseEntity<ProblemDetail> status(ResponseStatusException failure) {
        return answer(ProblemResponses.problem(HttpStatus.valueOf(failure.getStatusCode().value()), failure.getReason()));
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<ProblemDetail> unexpected(Exception failure) {
        if (AxonServerOutage.isCauseOf(failure)) {
            // an outage is the operator's to see once per request, not a stack trace per request
            log.warn("Answered 503: Axon Server cannot be reached ({})", rootMessage(failure));
            return retryLater(HttpStatus.SERVICE_UNAVAILABLE, RETRY_AFTER_OUTAGE,
                    "the event store (Axon Server) cannot be reached at the moment; retry later");
        }
        log.error("Request failed unexpectedly", failure);
        return answer(ProblemResponses.problem(HttpStatus.INTERNAL_SERVER_ERROR,
                "an unexpected error occurred; it has been logged"));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException failure,
                                                                  HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = failure.getBindingResult().getFieldErrors().stream()
                .map(error -> "field '" + error.getField() + "' " + error.getDefaultMessage())
                .sorted()
                .collect(Collectors.joining("; "));
        ProblemDetail problem = ProblemResponses.problem(HttpStatus.BAD_REQUEST, detail);
        FieldError first = failure.getBindingResult().getFieldError();
        problem.setProperty("field", first == null ? null : first.getField());
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException failure,
                                                                  HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem;
        Throwable limit = causeOf(failure, BodyTooLarge.class, StreamConstraintsException.class);
        if (limit instanceof BodyTooLarge) {
            problem = ProblemResponses.problem(HttpStatus.PAYLOAD_TOO_LARGE, limit.getMessage());
        } else if (limit instanceof StreamConstraintsException constraint) {
            // Jackson names the bound it met: a nesting too deep is a malformed body, a string too long a body too large
            boolean depth = constraint.getOriginalMessage().contains("nesting depth");
            problem = ProblemResponses.problem(depth ? HttpStatus.BAD_REQUEST : HttpStatus.PAYLOAD_TOO_LARGE,
                    "the request body is beyond a limit (masterflow.limits.json-depth / json-string-length): "
                            + constraint.getOriginalMessage().replaceAll(", from `StreamReadConstraints[^`]*`", ""));
        } else if (failure.getCause() instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(reference -> reference.getFieldName() != null ? reference.getFieldName() : "[" + reference.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            problem = ProblemResponses.problem(HttpStatus.BAD_REQUEST, "field '" + field + "' has a value of the wrong type or shape: "
                    + mapping.getOriginalMessage());
            problem.setProperty("field", field);
        } else {
            problem = ProblemResponses.problem(HttpStatus.BAD_REQUEST, "the request body is missing or is not valid JSON");
        }
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    private static Throwable causeOf(Throwable failure, Class<?>... kinds) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            for (Class<?> kind : kinds) {
                if (kind.isInstance(cause)) {
                    return cause;
                }
            }
        }
        return null;
    }

    @Override
    protected ResponseEntity<Object> handleServletRequestBindingException(ServletRequestBindingException binding, HttpHeaders headers,
                                                                          HttpStatusCode status, WebRequest request) {
        if (!(binding instanceof MissingRequestHeaderException failure)) {
            return super.handleServletRequestBindingException(binding, headers, status, request);
        }
        ProblemDetail problem = ProblemResponses.problem(HttpStatus.BAD_REQUEST,
                "header '" + failure.getHeaderName() + "' is required");
        problem.setProperty("field", failure.getHeaderName());
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException failure,
                                                                            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = failure.getAllErrors().stream().map(error -> error.getDefaultMessage()).collect(Collectors.joining("; "));
        return ResponseEntity.badRequest().body(ProblemResponses.problem(HttpStatus.BAD_REQUEST, detail));
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    public static ResponseEntity<ProblemDetail> answer(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }
}
