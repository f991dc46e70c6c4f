package io.masterflow.legacy.flow;

import io.masterflow.command.flow.FlowCommandSender;
import io.masterflow.command.flow.web.FlowCreation;
import io.masterflow.events.EngagementId;
import io.masterflow.events.FlowId;
import io.masterflow.events.FlowStatus;
import io.masterflow.events.MetaDataKeys;
import io.masterflow.events.PhaseDefinition;
import io.masterflow.flowtype.FlowTypeRegistry;
import io.masterflow.query.flow.FlowList;
import io.masterflow.query.flow.FlowListQuery;
import io.masterflow.query.flow.FlowStatusRepository;
import io.masterflow.query.flow.FlowSummary;
import io.masterflow.query.flow.FlowView;
import io.masterflow.query.flow.PhaseState;
import io.masterflow.query.history.FlowHistory;
import io.masterflow.query.history.StoredEvent;
import io.masterflow.security.Caller;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the legacy endpoints do, on the command and query sides' own parts: commands through the command side (so the
 * same events, checks and audit trail as the current API, stamped with the path family they came through), one flow
 * read from its events (so an answer right after a command already shows it), lists from the flow-status read model.
 */
@Component
public class LegacyFlows {

    /** The in-process handler of sign-off phases (execution version 2): a paused flow waiting on one is waiting_for_approval. */
    static final String SIGN_OFF_HANDLER = "approval";

    private final FlowCommandSender commands;
    private final FlowCreation creation;
    private final FlowHistory history;
    private final FlowList list;
    private final FlowStatusRepository repository;
    private final FlowTypeRegistry flowTypes;
    private final LegacyFlowIds ids;

    public LegacyFlows(FlowCommandSender commands, FlowCreation creation, FlowHistory history, FlowList list,
                       FlowStatusRepository repository, FlowTypeRegistry flowTypes, LegacyFlowIds ids) {
        this.commands = commands;
        this.creation = creation;
        this.history = history;
        this.list = list;
        this.repository = repository;
        this.flowTypes = flowTypes;
        this.ids = ids;
    }

    /** The metadata of a command sent through a legacy path family ({@code legacy-discovery}, ...). */
    public static Map<String, String> via(String family) {
        return Map.of(MetaDataKeys.VIA, family);
    }

    /** The caller's flow that {@code id} names (its own id or its legacy id), as its events tell it now; else 404. */
    public LegacyFlow get(String id, Caller caller) {
        FlowId flowId = ids.resolve(id, caller).orElseThrow(() -> notFound(id));
        List<StoredEvent> events = history.events(flowId, caller).orElseThrow(() -> notFound(id));
        FlowView view = history.stateAtVersion(events, Long.MAX_VALUE).orElseThrow(() -> notFound(id));
        return new LegacyFlow(view, events, awaitingSignOff(view));
    }

    public FlowCreation.Created create(Caller caller, EngagementId engagement, String idempotencyKey, String flowType, String name,
                                       Map<String, Object> configuration, String correlationId, String family) {
        return creation.create(caller, engagement, idempotencyKey, flowType, name, configuration, false, correlationId, via(family));
    }

    public <R> R send(Object command, Caller caller, String correlationId, String family) {
        return commands.send(command, caller, correlationId, via(family));
    }

    /** A page of the caller's flows by offset, as the legacy lists paged them, with the total. */
    public Page page(FlowListQuery query, long offset) {
        FlowList.OffsetPage page = list.offsetPage(query, offset);
        Map<FlowId, FlowView> views = repository.findAll(page.items().stream().map(FlowSummary::flowId).toList());
        List<LegacyFlow> flows = page.items().stream().map(summary -> views.get(summary.flowId()))
                .filter(view -> view != null)
                .map(view -> new LegacyFlow(view, List.of(), awaitingSignOff(view))).toList();
        return new Page(flows, page.total());
    }

    public record Page(List<LegacyFlow> flows, long total) {
    }

    private boolean awaitingSignOff(FlowView view) {
        if (view.status() != FlowStatus.PAUSED || view.currentPhase() == null) {
            return false;
        }
        boolean running = view.phases().stream()
                .anyMatch(phase -> phase.name().equals(view.currentPhase()) && phase.state() == PhaseState.RUNNING);
        return running && flowTypes.find(view.flowType().type(), view.flowType().version())
                .flatMap(definition -> definition.phases().stream()
                        .filter(phase -> phase.name().value().equals(view.currentPhase())).findFirst())
                .map(PhaseDefinition::handler).filter(SIGN_OFF_HANDLER::equals).isPresent();
    }

    public static ResponseStatusException notFound(String id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "no flow " + id);
    }

    /** The legacy statuses a filter names, or none for no filter. */
    public static Set<FlowStatus> statuses(String legacyStatus, String field) {
        return legacyStatus == null || legacyStatus.isBlank() ? Set.of() : LegacyStatus.statuses(legacyStatus, field);
    }
}
