package io.masterflow.validation;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@value #NAME}: every key listed in the param {@code keys} must be present in the data with a value.
 *
 * <pre>
 * validators:
 *   - required-keys: { keys: [source, region] }
 * </pre>
 */
public class RequiredKeysValidator implements PhaseValidator {

    public static final String NAME = "required-keys";
    private static final String KEYS = "keys";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void checkParams(Map<String, Object> params) {
        params.keySet().stream().filter(param -> !KEYS.equals(param)).findFirst().ifPresent(param -> {
            throw new IllegalArgumentException("unknown param '" + param + "'; known: " + KEYS);
        });
        keys(params);
    }

    @Override
    public List<String> problems(Map<String, Object> data, Map<String, Object> params) {
        Map<String, Object> checked = Objects.requireNonNullElse(data, Map.of());
        return keys(params).stream()
                .filter(key -> checked.get(key) == null)
                .map(key -> "required key '" + key + "' is " + (checked.containsKey(key) ? "null" : "missing"))
                .toList();
    }

    private static List<String> keys(Map<String, Object> params) {
        Object keys = params.get(KEYS);
        if (!(keys instanceof List<?> list) || list.isEmpty()
                || !list.stream().allMatch(key -> key instanceof String name && !name.isBlank())) {
            throw new IllegalArgumentException("param '" + KEYS + "' must be a non-empty list of key names, not: " + keys);
        }
        return list.stream().map(String.class::cast).toList();
    }
}
