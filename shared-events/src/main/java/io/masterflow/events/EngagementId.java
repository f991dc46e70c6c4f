package io.masterflow.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;
import java.util.UUID;

/** An engagement inside a client account; every flow belongs to exactly one. */
public record EngagementId(UUID value) {

    public EngagementId {
        Objects.requireNonNull(value, "engagement id");
    }

    @JsonCreator
    public static EngagementId of(String value) {
        return new EngagementId(UUID.fromString(value));
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
