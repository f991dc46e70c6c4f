package io.masterflow.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;
import java.util.UUID;

/** The tenant: a client account of the platform. */
public record ClientAccountId(UUID value) {

    public ClientAccountId {
        Objects.requireNonNull(value, "client account id");
    }

    @JsonCreator
    public static ClientAccountId of(String value) {
        return new ClientAccountId(UUID.fromString(value));
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
