package io.masterflow.query.rebuild;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What the rebuild needs to know of a projection: the processor that keeps it, the tables it owns (and no other
 * projection writes), and how to make a second instance of its event handler writing through another store. That
 * instance runs beside the live one during a rebuild, over fresh copies of the tables.
 *
 * @param processor       the projection's name (its processing group on the live processor that carries it)
 * @param tables          the projection's tables, unqualified; foreign keys may only point between them or to tables that stay
 * @param replayBatchSize the most events in one batch of the replay: as many as the rows they make fit in one transaction
 * @param handler         makes an event handler (an object with {@code @EventHandler} methods) writing through the given store
 */
public record RebuildableProjection(String processor, List<String> tables, int replayBatchSize,
                                    Function<ReadModelStore, Object> handler) {

    /** Events that make a few rows each, replayed 500 to a batch. */
    public static final int REPLAY_BATCH_SIZE = 500;

    public RebuildableProjection {
        Objects.requireNonNull(processor, "processor");
        Objects.requireNonNull(handler, "handler");
        if (replayBatchSize < 1) {
            throw new IllegalArgumentException("a replay batch holds at least one event");
        }
        tables = List.copyOf(tables);
        if (tables.isEmpty()) {
            throw new IllegalArgumentException("a rebuildable projection names its tables");
        }
    }
}
