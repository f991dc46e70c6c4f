package io.masterflow.command.flow.web;

import io.masterflow.command.flow.CommandRejection;
import io.masterflow.command.flow.FlowRejected;
import io.masterflow.web.ApiExceptionHandler;
import io.masterflow.web.ProblemResponses;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** How refused and conflicting commands are answered; every other failure is the shared handler's. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class CommandExceptionHandler {

    private final ApiExceptionHandler unexpected;

    public CommandExceptionHandler(ApiExceptionHandler unexpected) {
        this.unexpected = unexpected;
    }

    @ExceptionHandler(CommandExecutionException.class)
    ResponseEntity<ProblemDetail> rejected(CommandExecutionException failure) {
        return CommandRejection.of(failure)
                .map(CommandExceptionHandler::rejection)
                .orElseGet(() -> unexpected.unexpected(failure));
    }

    private static ResponseEntity<ProblemDetail> rejection(CommandRejection rejection) {
        HttpStatus status = switch (rejection.reason()) {
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case GONE -> HttpStatus.GONE;
            case CONFLICT -> HttpStatus.CONFLICT;
            case INVALID -> HttpStatus.BAD_REQUEST;
        };
        ProblemDetail problem = ProblemResponses.problem(status, rejection.message());
        if (rejection.reason() == FlowRejected.Reason.INVALID) {
            problem.setProperty("field", rejection.field());
        }
        return ApiExceptionHandler.answer(problem);
    }

    @ExceptionHandler({ConcurrencyException.class, AggregateStreamCreationException.class})
    ResponseEntity<ProblemDetail> concurrentChange(RuntimeException failure) {
        return ApiExceptionHandler.answer(ProblemResponses.problem(HttpStatus.CONFLICT,
                "the flow was changed by another request at the same moment; read it again and retry"));
    }
}
