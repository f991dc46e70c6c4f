package io.masterflow.legacy.web;

import io.masterflow.openapi.ProblemAnswers;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.web.method.HandlerMethod;

/**
 * The legacy calls' error answers as the API description shows them: typed {@code application/json}, as
 * {@link LegacyPathFilter} types them for the legacy services' clients.
 */
public class LegacyApiDocs implements OperationCustomizer, Ordered {

    /** The answer of every legacy call once the layer is switched off, and of a call on a deleted flow. */
    public static final String GONE = "The flow was deleted, or the legacy API is switched off on this server "
            + "(masterflow.legacy.enabled=false): the Link header names the successor";

    private static final String PROBLEM = "application/problem+json";

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        if (handler.getBeanType().getPackageName().startsWith("io.masterflow.legacy") && operation.getResponses() != null) {
            operation.getResponses().values().forEach(answer -> typedPlainJson(answer.getContent()));
        }
        return operation;
    }

    private static void typedPlainJson(Content content) {
        if (content != null && content.containsKey(PROBLEM)) {
            content.addMediaType(MediaType.APPLICATION_JSON_VALUE, content.remove(PROBLEM));
        }
    }

    @Override
    public int getOrder() {
        return ProblemAnswers.ORDER + 1;
    }
}
