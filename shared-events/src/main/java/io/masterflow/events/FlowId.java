package io.masterflow.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/** Identity of one flow; the aggregate identifier in the event store is its {@link #toString()}. */
public record FlowId(UUID value) {

    public FlowId {
        Objects.requireNonNull(value, "flow id");
    }

    public static FlowId random() {
        return new FlowId(UUID.randomUUID());
    }

    @JsonCreator
    public static FlowId of(String value) {
        return new FlowId(UUID.fromString(value));
    }

    /** A flow id that is always the same for the same name: idempotent creation and legacy migration rely on it. */
    public static FlowId derivedFrom(String name) {
        return new FlowId(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)));
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
