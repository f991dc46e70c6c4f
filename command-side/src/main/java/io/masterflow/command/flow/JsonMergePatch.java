package io.masterflow.command.flow;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RFC 7396 on JSON objects as Jackson reads them: each key of the patch replaces the target's, a null removes it, and
 * an object merges into an object key by key.
 */
final class JsonMergePatch {

    private JsonMergePatch() {
    }

    static Map<String, Object> apply(Map<String, Object> target, Map<String, Object> patch) {
        Map<String, Object> result = new LinkedHashMap<>(target);
        patch.forEach((key, value) -> {
            if (value == null) {
                result.remove(key);
            } else if (value instanceof Map<?, ?> nested) {
                Object current = result.get(key);
                result.put(key, apply(current instanceof Map<?, ?> object ? cast(object) : Map.of(), cast(nested)));
            } else {
                result.put(key, value);
            }
        });
        return Collections.unmodifiableMap(result);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
