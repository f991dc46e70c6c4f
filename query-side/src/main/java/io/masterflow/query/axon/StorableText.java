package io.masterflow.query.axon;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Text as PostgreSQL can store it. Its text and jsonb types take every character but U+0000, which a stored event may
 * still carry (an older API let it in, a tool wrote it): the read models show it as U+FFFD, the replacement character,
 * rather than refuse the event and with it every later event of their processor.
 */
public final class StorableText {

    private static final char NUL = '\u0000';
    private static final char REPLACEMENT = '\uFFFD';

    private StorableText() {
    }

    public static String of(String text) {
        return text == null || text.indexOf(NUL) < 0 ? text : text.replace(NUL, REPLACEMENT);
    }

    /** The same JSON value (maps, lists, strings, numbers...) with every string and key storable. */
    public static Object json(Object value) {
        if (value instanceof String text) {
            return of(text);
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> storable = new LinkedHashMap<>();
            map.forEach((key, entry) -> storable.put(key instanceof String name ? of(name) : key, json(entry)));
            return storable;
        }
        if (value instanceof List<?> list) {
            List<Object> storable = new ArrayList<>(list.size());
            list.forEach(entry -> storable.add(json(entry)));
            return storable;
        }
        return value;
    }
}
