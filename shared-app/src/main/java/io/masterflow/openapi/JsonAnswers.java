package io.masterflow.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * Answers whose media type springdoc cannot tell from the handler ({@code *}{@code /*}, as it writes them) are JSON:
 * every controller of masterflow answers JSON unless it declares otherwise, as the event stream and the audit export
 * do. Generated clients then read them as JSON instead of guessing.
 */
public class JsonAnswers implements OpenApiCustomizer {

    private static final String ANY = "*/*";

    @Override
    public void customise(OpenAPI openApi) {
        openApi.getPaths().values().forEach(item -> item.readOperations().forEach(operation -> {
            if (operation.getResponses() != null) {
                operation.getResponses().values().forEach(answer -> json(answer.getContent()));
            }
        }));
    }

    private static void json(Content content) {
        if (content != null && content.containsKey(ANY)) {
            MediaType any = content.remove(ANY);
            content.putIfAbsent(org.springframework.http.MediaType.APPLICATION_JSON_VALUE, any);
        }
    }
}
