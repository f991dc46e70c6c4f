package io.masterflow.legacy.flow;

import io.masterflow.events.FlowId;
import io.masterflow.query.flow.FlowStatusRepository;
import io.masterflow.query.flow.FlowView;
import io.masterflow.security.Caller;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Which flow an id in a request names, when it may be a legacy {@code flow_id}: the flow-status read model keeps each
 * migrated flow's legacy id (from its LegacyFlowImported), so the answer is the same on every node and after a
 * rebuild.
 *
 * <p>The rule when an id could name two flows: <b>a flow's own id wins</b>. An id is a legacy id only when no flow of
 * the caller has it as its own id; another tenant's flow counts as no flow, so the answer never tells a tenant that
 * another tenant's flow exists.
 */
@Component
public class LegacyFlowIds {

    private final FlowStatusRepository flows;

    public LegacyFlowIds(FlowStatusRepository flows) {
        this.flows = flows;
    }

    /** The caller's flow whose legacy id {@code id} is, unless a flow of the caller has {@code id} as its own id. */
    public Optional<FlowId> legacyTarget(String id, Caller caller) {
        Optional<FlowId> migrated = flows.findByLegacyFlowId(caller.account(), id);
        if (migrated.isEmpty() || visible(migrated.get(), caller).isEmpty()) {
            return Optional.empty();
        }
        Optional<FlowId> own = asFlowId(id);
        if (own.isPresent() && visible(own.get(), caller).isPresent()) {
            return Optional.empty();
        }
        return migrated;
    }

    /** The flow {@code id} names for the caller, by its own id or else by its legacy id. */
    public Optional<FlowId> resolve(String id, Caller caller) {
        return legacyTarget(id, caller).or(() -> asFlowId(id));
    }

    private Optional<FlowView> visible(FlowId flowId, Caller caller) {
        return flows.find(flowId).filter(view -> caller.mayAccess(view.account(), view.engagement()));
    }

    private static Optional<FlowId> asFlowId(String id) {
        try {
            return Optional.of(FlowId.of(id));
        } catch (IllegalArgumentException notAUuid) {
            return Optional.empty();
        }
    }
}
