package io.masterflow.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.regex.Pattern;

/** The name of a phase within a flow type, e.g. {@code data_import}. */
public record PhaseName(String value) {

    private static final Pattern SHAPE = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    public PhaseName {
        if (value == null || !SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "phase name must be lower-case letters, digits and '_', starting with a letter, at most 64 characters: " + value);
        }
    }

    @JsonCreator
    public static PhaseName of(String value) {
        return new PhaseName(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
