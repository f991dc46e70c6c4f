package io.masterflow.query.rebuild;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What the rebuild needs to know of a projection: the processor that keeps it, the tables it owns (and no other
 * projection writes), and how to make a second instance of its event handler writing through another store. That
 * instance runs beside the live one during a rebuild, over fresh copies of the tables.
 *
 * @param processor the live processor's name (its processing group)
 * @param tables    the projection's tables, unqualified; foreign keys may only point between them or to tables that stay
 * @param handler   makes an event handler (an object with {@code @EventHandler} methods) writing through the given store
 */
public record RebuildableProjection(String processor, List<String> tables, Function<ReadModelStore, Object> handler) {

    public RebuildableProjection {
        Objects.requireNonNull(processor, "processor");
        Objects.requireNonNull(handler, "handler");
        tables = List.copyOf(tables);
        if (tables.isEmpty()) {
            throw new IllegalArgumentException("a rebuildable projection names its tables");
        }
    }
}
