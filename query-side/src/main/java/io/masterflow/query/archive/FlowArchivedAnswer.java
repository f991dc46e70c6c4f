package io.masterflow.query.archive;

import io.masterflow.web.ApiExceptionHandler;
import io.masterflow.web.ProblemResponses;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * An archived flow is answered as the command side answers a deleted one (410, problem+json), with what a caller needs
 * to find it again: where the archive is, when and under which rule the flow went there.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class FlowArchivedAnswer {

    @ExceptionHandler(FlowArchived.class)
    ResponseEntity<ProblemDetail> archived(FlowArchived archived) {
        FlowTombstone tombstone = archived.tombstone();
        ProblemDetail problem = ProblemResponses.problem(HttpStatus.GONE, archived.getMessage());
        problem.setProperty("archiveLocation", tombstone.archiveLocation());
        problem.setProperty("archivedAt", tombstone.archivedAt().toString());
        problem.setProperty("rule", tombstone.rule());
        return ApiExceptionHandler.answer(problem);
    }
}
