package io.masterflow.migration.mapping;

import io.masterflow.events.ClientAccountId;
import io.masterflow.events.EngagementId;
import io.masterflow.events.FlowId;
import io.masterflow.events.FlowStatus;
import io.masterflow.events.FlowTypeRef;
import io.masterflow.migration.legacy.LegacyTable;
import io.masterflow.migration.report.Disagreement;
import io.masterflow.migration.report.Note;

import java.util.List;

/**
 * A legacy flow ready to be appended: its events in order (LegacyFlowImported first), who owns it, and the legacy
 * rows it accounts for.
 *
 * @param sourceTable  the table of the flow's main row: the master row, or the child row of a flow without one
 * @param legacyId     the id of that row
 * @param legacyFlowId the legacy flow id ({@code flow_id}; an assessment row without a master has only its id)
 * @param rows         every legacy row this flow migrates: master, child, assets
 */
public record MappedFlow(FlowId flowId, LegacyTable sourceTable, String legacyId, String legacyFlowId,
                         ClientAccountId account, EngagementId engagement, String userId, FlowTypeRef flowType,
                         FlowStatus status, List<StampedEvent> events, List<RowRef> rows, List<Note> notes,
                         List<Disagreement> disagreements) {

    public MappedFlow {
        events = List.copyOf(events);
        rows = List.copyOf(rows);
        notes = List.copyOf(notes);
        disagreements = List.copyOf(disagreements);
    }

    /** One legacy row, by table and id. */
    public record RowRef(LegacyTable table, String id) {
    }
}
