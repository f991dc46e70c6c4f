package io.masterflow.openapi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An error answer only this operation gives (a 409, a 410, a 503), for the API description: {@link ProblemAnswers}
 * adds it with the problem+json content every error answer has. The answers every operation can give (400, 401, 403,
 * 404) follow from its shape and need no declaration. On a controller, it is an answer of each of its operations.
 * Unlike springdoc's own {@code @ApiResponse}, declaring one leaves the success answer as springdoc derives it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
@Repeatable(ProblemAnswer.List.class)
public @interface ProblemAnswer {

    String GONE = "The flow was deleted, or archived (the detail says where its archive is): it takes no further commands";
    String ARCHIVED = "The flow was archived: the answer says when, under which retention rule (rule) and where its archive "
            + "is (archiveLocation)";
    String UNAVAILABLE = "The event store (Axon Server) cannot be reached at the moment, or the node is over capacity (the "
            + "command waited too long for its turn): nothing was done; retry after Retry-After seconds";

    int status();

    String description();

    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.METHOD, ElementType.TYPE})
    @interface List {
        ProblemAnswer[] value();
    }
}
