package io.masterflow.openapi;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.Schema;
import org.springdoc.core.customizers.PropertyCustomizer;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A property declared {@code @Nullable} (on a record component of an answer) may be null: its schema says so, as
 * OpenAPI 3.1 does, with the type {@code null} beside its own. {@link AnswerFields} reads that mark.
 */
public class NullableProperties implements PropertyCustomizer {

    @Override
    public Schema customize(Schema property, AnnotatedType type) {
        if (property == null || type.getCtxAnnotations() == null || !nullable(type)) {
            return property;
        }
        if (property.get$ref() != null) {
            return new JsonSchema().anyOf(List.of(property, new JsonSchema().types(Set.of("null"))));
        }
        Set<String> types = new LinkedHashSet<>(property.getTypes() != null ? property.getTypes()
                : property.getType() != null ? Set.of(property.getType()) : Set.of());
        if (!types.isEmpty()) {
            types.add("null");
            property.setTypes(types);
        }
        return property;
    }

    /** Any annotation named Nullable: Spring's, Jakarta's or JSpecify's say the same. */
    private static boolean nullable(AnnotatedType type) {
        return Arrays.stream(type.getCtxAnnotations()).anyMatch(annotation -> annotation.annotationType().getSimpleName().equals("Nullable"));
    }

    static boolean isNullable(Schema<?> property) {
        return property.getTypes() != null && property.getTypes().contains("null")
                || property.getAnyOf() != null && property.getAnyOf().stream().anyMatch(NullableProperties::isNullable);
    }
}
