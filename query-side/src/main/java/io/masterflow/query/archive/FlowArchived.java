package io.masterflow.query.archive;

/** A request for an archived flow, answered 410 by {@link FlowArchivedAnswer}. */
public class FlowArchived extends RuntimeException {

    private final transient FlowTombstone tombstone;

    public FlowArchived(FlowTombstone tombstone) {
        super(tombstone.describe(), null, false, false);
        this.tombstone = tombstone;
    }

    public FlowTombstone tombstone() {
        return tombstone;
    }
}
