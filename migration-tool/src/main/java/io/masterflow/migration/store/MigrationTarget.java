package io.masterflow.migration.store;

import io.masterflow.events.FlowId;
import io.masterflow.migration.mapping.MappedFlow;

import java.util.List;
import java.util.Set;

/**
 * Where a run appends the migrated flows: the PostgreSQL event store ({@link EventStoreTarget}) or Axon Server
 * ({@link AxonServerTarget}). Each writer thread has one of its own. Both append a batch of flows atomically and
 * refuse a flow that is there already, which is what makes a run idempotent and resumable.
 */
public interface MigrationTarget extends AutoCloseable {

    /** Which of these flows the store holds already (their first event is there). */
    Set<FlowId> present(List<FlowId> flowIds);

    /**
     * Appends the events of these flows ({@link EventStoreTarget#messages}) all together or not at all.
     *
     * @param beforeCommit called with the flows once their events are handed to the store, before the commit
     * @throws AppendRefused when the store refused the batch; nothing of it is stored then
     */
    void append(List<MappedFlow> flows, String runId, Runnable beforeCommit);

    @Override
    void close();

    /** The store refused a batch (a flow written meanwhile by another run, a value it would not take). */
    final class AppendRefused extends RuntimeException {

        private final boolean duplicate;

        public AppendRefused(String message, Throwable cause, boolean duplicate) {
            super(message, cause);
            this.duplicate = duplicate;
        }

        /** True when the refusal is a flow that is already there: another run got to it first. */
        public boolean isDuplicate() {
            return duplicate;
        }
    }
}
