package io.masterflow.events;

import java.util.Objects;
import java.util.regex.Pattern;

/** A flow type pinned at one version of its definition; a flow keeps the version it was created with. */
public record FlowTypeRef(String type, int version) {

    private static final Pattern TYPE_SHAPE = Pattern.compile("[a-z][a-z0-9_-]{0,49}");

    public FlowTypeRef {
        Objects.requireNonNull(type, "flow type");
        if (!TYPE_SHAPE.matcher(type).matches()) {
            throw new IllegalArgumentException("flow type must be lower-case letters, digits, '_' or '-', at most 50 characters: " + type);
        }
        if (version < 1) {
            throw new IllegalArgumentException("flow type version must be 1 or more: " + version);
        }
    }
}
