package io.masterflow.events;

import java.util.Map;
import java.util.Objects;

/** A validator named in a flow-type definition, with the parameters that definition gives it. */
public record ValidatorRef(String name, Map<String, Object> params) {

    public ValidatorRef {
        Objects.requireNonNull(name, "validator name");
        params = params == null ? Map.of() : Map.copyOf(params);
    }
}
