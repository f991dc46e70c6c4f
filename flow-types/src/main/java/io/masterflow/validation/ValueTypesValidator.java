package io.masterflow.validation;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@value #NAME}: the keys named in the params, when present, must hold values of the given JSON type. A key that
 * is absent passes (pair with {@code required-keys} to demand it); a key present with null does not, since null is
 * not a value of any of the types.
 *
 * <pre>
 * validators:
 *   - value-types: { source: string, rows: integer, tags: array }
 * </pre>
 */
public class ValueTypesValidator implements PhaseValidator {

    public static final String NAME = "value-types";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void checkParams(Map<String, Object> params) {
        expectedTypes(params);
    }

    @Override
    public List<String> problems(Map<String, Object> data, Map<String, Object> params) {
        Map<String, Object> checked = Objects.requireNonNullElse(data, Map.of());
        return expectedTypes(params).entrySet().stream()
                .filter(expected -> checked.containsKey(expected.getKey()))
                .filter(expected -> !expected.getValue().accepts(checked.get(expected.getKey())))
                .map(expected -> "key '" + expected.getKey() + "' must be " + expected.getValue().label()
                        + ", not " + JsonType.describe(checked.get(expected.getKey())))
                .toList();
    }

    private static Map<String, JsonType> expectedTypes(Map<String, Object> params) {
        if (params.isEmpty()) {
            throw new IllegalArgumentException("params must map at least one key to a type, one of " + JsonType.labels());
        }
        return params.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                param -> JsonType.parse(param.getKey(), param.getValue()), (first, second) -> first, TreeMap::new));
    }

    /** The types a JSON value can have, as they appear in data deserialized from JSON. */
    enum JsonType {
        STRING, NUMBER, INTEGER, BOOLEAN, OBJECT, ARRAY;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        static String labels() {
            return Arrays.stream(values()).map(JsonType::label).collect(Collectors.joining(", "));
        }

        static JsonType parse(String key, Object label) {
            return Arrays.stream(values()).filter(type -> type.label().equals(label)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(
                            "param '" + key + "' must be one of " + labels() + ", not: " + label));
        }

        boolean accepts(Object value) {
            JsonType actual = of(value);
            return actual == this || (this == NUMBER && actual == INTEGER);
        }

        static String describe(Object value) {
            JsonType type = of(value);
            return type != null ? type.label() : value == null ? "null" : value.getClass().getSimpleName();
        }

        /** {@code null} for null and for values JSON has no type for. */
        private static JsonType of(Object value) {
            if (value instanceof CharSequence || value instanceof Character || value instanceof Enum<?>) {
                return STRING;
            }
            if (value instanceof Boolean) {
                return BOOLEAN;
            }
            if (value instanceof Number number) {
                return isWhole(number) ? INTEGER : NUMBER;
            }
            if (value instanceof Map<?, ?>) {
                return OBJECT;
            }
            if (value instanceof Collection<?> || (value != null && value.getClass().isArray())) {
                return ARRAY;
            }
            return null;
        }

        // as in JSON Schema, 3.0 is an integer: JSON itself does not tell 3.0 from 3
        private static boolean isWhole(Number number) {
            if (number instanceof Integer || number instanceof Long || number instanceof Short
                    || number instanceof Byte || number instanceof BigInteger) {
                return true;
            }
            if (number instanceof BigDecimal decimal) {
                return decimal.signum() == 0 || decimal.stripTrailingZeros().scale() <= 0;
            }
            double value = number.doubleValue();
            return Double.isFinite(value) && value == Math.rint(value);
        }
    }
}
