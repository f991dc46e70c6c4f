package io.masterflow.openapi;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * An example body for each operation that takes one, as Swagger UI and generated clients show it and as a linter
 * checks it against the body's schema. Each module keeps its operations' examples in {@value EXAMPLES}, by
 * operationId: written as a client sends them, apart from the request records, which stay plain Java. A body that
 * comes in several media types of different shapes (an inventory: CSV text or a JSON array) has one example for each,
 * by operationId, a space and the media type.
 */
public class RequestExamples implements OpenApiCustomizer {

    static final String EXAMPLES = "openapi/request-examples.json";

    private final Map<String, Object> examples;

    public RequestExamples() {
        this.examples = load();
    }

    @Override
    public void customise(OpenAPI openApi) {
        openApi.getPaths().values().forEach(item -> item.readOperations().forEach(this::exemplify));
    }

    private void exemplify(Operation operation) {
        if (operation.getRequestBody() == null || operation.getRequestBody().getContent() == null) {
            return;
        }
        operation.getRequestBody().getContent().forEach((mediaType, body) -> {
            Object example = examples.getOrDefault(operation.getOperationId() + " " + mediaType, examples.get(operation.getOperationId()));
            if (example != null) {
                body.setExample(example);
            }
        });
    }

    private static Map<String, Object> load() {
        ObjectMapper json = new ObjectMapper();
        Map<String, Object> all = new HashMap<>();
        try {
            for (Resource file : new PathMatchingResourcePatternResolver().getResources("classpath*:" + EXAMPLES)) {
                try (InputStream in = file.getInputStream()) {
                    all.putAll(json.readValue(in, new TypeReference<Map<String, Object>>() {
                    }));
                }
            }
        } catch (IOException unreadable) {
            throw new UncheckedIOException("cannot read the request examples " + EXAMPLES, unreadable);
        }
        return all;
    }
}
