package io.masterflow.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.Schema;
import org.springdoc.core.customizers.OpenApiCustomizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the answers of the current API hold: every field of a record is written, null or not, so each property of an
 * answer's schema is required unless it is marked nullable ({@link NullableProperties}). Generated clients then type
 * {@code flow.status} as always there, and {@code flow.currentPhase} as possibly null. Schemas that requests use too
 * are left as they are (a request may leave out what it does not need), and so are the deprecated operations' ones.
 */
public class AnswerFields implements OpenApiCustomizer {

    private static final String COMPONENT = "#/components/schemas/";

    @Override
    public void customise(OpenAPI openApi) {
        Map<String, Schema> schemas = Objects.requireNonNullElse(openApi.getComponents().getSchemas(), Map.of());
        Set<String> answers = new HashSet<>();
        Set<String> others = new HashSet<>();
        openApi.getPaths().values().forEach(item -> item.readOperations().forEach(operation -> {
            boolean current = !Boolean.TRUE.equals(operation.getDeprecated());
            if (operation.getResponses() != null) {
                operation.getResponses().values().forEach(answer -> reach(answer.getContent(), schemas, current ? answers : others));
            }
            requestSchemas(operation).forEach(schema -> reach(schema, schemas, others));
        }));
        answers.removeAll(others);
        answers.forEach(name -> require(schemas.get(name)));
    }

    private static void require(Schema<?> schema) {
        if (schema == null || schema.getProperties() == null) {
            return;
        }
        List<String> required = new ArrayList<>();
        schema.getProperties().forEach((name, property) -> {
            if (!NullableProperties.isNullable(property)) {
                required.add(name);
            }
        });
        schema.setRequired(required.isEmpty() ? null : required);
    }

    private static List<Schema<?>> requestSchemas(Operation operation) {
        List<Schema<?>> used = new ArrayList<>();
        if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
            operation.getRequestBody().getContent().values().forEach(body -> used.add(body.getSchema()));
        }
        if (operation.getParameters() != null) {
            operation.getParameters().forEach(parameter -> used.add(parameter.getSchema()));
        }
        return used;
    }

    private static void reach(Content content, Map<String, Schema> schemas, Set<String> reached) {
        if (content != null) {
            content.values().forEach(body -> reach(body.getSchema(), schemas, reached));
        }
    }

    /** Adds the component schemas this schema refers to, directly or through others, to reached. */
    private static void reach(Schema<?> schema, Map<String, Schema> schemas, Set<String> reached) {
        if (schema == null) {
            return;
        }
        String reference = schema.get$ref();
        if (reference != null && reference.startsWith(COMPONENT)) {
            String name = reference.substring(COMPONENT.length());
            if (reached.add(name)) {
                reach(schemas.get(name), schemas, reached);
            }
            return;
        }
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(property -> reach(property, schemas, reached));
        }
        reach(schema.getItems(), schemas, reached);
        if (schema.getAdditionalProperties() instanceof Schema<?> values) {
            reach(values, schemas, reached);
        }
        for (List<Schema> alternatives : Arrays.asList(schema.getAnyOf(), schema.getOneOf(), schema.getAllOf())) {
            if (alternatives != null) {
                alternatives.forEach(alternative -> reach(alternative, schemas, reached));
            }
        }
    }
}
