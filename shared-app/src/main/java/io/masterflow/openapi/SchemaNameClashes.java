package io.masterflow.openapi;

import com.fasterxml.jackson.databind.JavaType;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.jackson.TypeNameResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.media.Schema;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Refuses two types of the API that would get one schema name: springdoc keeps one schema per name, so the second
 * type would silently be described as the first (a legacy request and a current one are both a StartRequest). The
 * document then fails to build, and with it the build's export test, naming both types; one of them needs
 * {@code @Schema(name = ...)}.
 */
public class SchemaNameClashes implements ModelConverter {

    private final Map<String, Class<?>> named = new ConcurrentHashMap<>();

    @Override
    public Schema resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
        JavaType java = Json.mapper().constructType(type.getType());
        Class<?> raw = java.getRawClass();
        if (raw.getName().startsWith("io.masterflow.") && !raw.isEnum()) {
            String name = TypeNameResolver.std.nameForType(java);
            Class<?> first = named.putIfAbsent(name, raw);
            if (first != null && first != raw) {
                throw new IllegalStateException("the API description would describe " + raw.getName() + " and "
                        + first.getName() + " with one schema, " + name + ": give one of them @Schema(name = ...)");
            }
        }
        return chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
    }
}
