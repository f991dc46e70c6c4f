package io.masterflow.query.history.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.masterflow.events.EventSerialization;
import io.masterflow.events.FlowId;
import io.masterflow.openapi.ProblemAnswer;
import io.masterflow.query.archive.FlowTombstones;
import io.masterflow.query.flow.FlowView;
import io.masterflow.query.flow.web.FlowQueryResponses.FlowDetails;
import io.masterflow.query.history.FlowHistory;
import io.masterflow.query.history.StoredEvent;
import io.masterflow.query.web.QueryParameters;
import io.masterflow.security.Caller;
import io.masterflow.web.InvalidRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.serialization.UnknownSerializedType;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.masterflow.query.flow.web.FlowQueryController.flowIdOrNotFound;
import static io.masterflow.query.flow.web.FlowQueryController.missing;

/** For auditors: a flow's raw events from the event store, and its state at a past instant or version. */
@RestController
@RequestMapping("/api/v1/flows/{flowId}")
@SecurityRequirement(name = "bearer")
@Tag(name = "history")
public class FlowHistoryController {

    /** Payloads are shown exactly as they are stored: the one JSON form of the event contract. */
    private static final ObjectMapper EVENT_JSON = EventSerialization.objectMapper();

    private final FlowHistory history;
    private final FlowTombstones tombstones;

    public FlowHistoryController(FlowHistory history, FlowTombstones tombstones) {
        this.history = history;
        this.tombstones = tombstones;
    }

    public record HistoryResponse(String flowId, List<HistoryEvent> events) {
    }

    public record HistoryEvent(long sequence, String eventId, String type, Instant timestamp, JsonNode payload,
                               Map<String, Object> metaData) {
    }

    @Operation(operationId = "getFlowHistory", summary = "The flow's events as stored, in order, with sequence numbers, payloads and metadata")
    @ProblemAnswer(status = 410, description = ProblemAnswer.ARCHIVED)
    @ProblemAnswer(status = 503, description = ProblemAnswer.UNAVAILABLE)
    @GetMapping("/history")
    public HistoryResponse history(@PathVariable String flowId, Caller caller) {
        List<StoredEvent> events = events(flowId, caller);
        return new HistoryResponse(flowId, events.stream()
                .map(event -> new HistoryEvent(event.sequence(), event.eventId(), event.type(), event.timestamp(),
                        json(event.payload()), event.metaData()))
                .toList());
    }

    @Operation(operationId = "getFlowState",
            summary = "The flow as it was at an instant (at=ISO-8601) or after a version (version=N), rebuilt from its events",
            description = "Without either, the flow as its latest event left it. The shape is that of GET /api/v1/flows/{flowId}.")
    @ProblemAnswer(status = 410, description = ProblemAnswer.ARCHIVED)
    @ProblemAnswer(status = 503, description = ProblemAnswer.UNAVAILABLE)
    @GetMapping("/state")
    public FlowDetails state(@PathVariable String flowId,
                             @Parameter(description = "An instant (ISO-8601; a date is its start, UTC)", schema = @Schema(format = "date-time"))
                             @RequestParam(required = false) String at,
                             @Parameter(schema = @Schema(type = "integer", format = "int64", minimum = "0"))
                             @RequestParam(required = false) String version, Caller caller) {
        Instant instant = QueryParameters.instant("at", at);
        Long wanted = QueryParameters.whole("version", version, 0, Long.MAX_VALUE);
        if (instant != null && wanted != null) {
            throw new InvalidRequest("at", "give either 'at' or 'version', not both");
        }
        List<StoredEvent> events = events(flowId, caller);
        long latest = events.get(events.size() - 1).sequence();
        Optional<FlowView> state;
        if (wanted != null) {
            if (wanted > latest) {
                throw new ResponseStatusException(HttpStatus.NOT_FOUND, "flow " + flowId + " has no version " + wanted
                        + "; its latest is " + latest);
            }
            state = history.stateAtVersion(events, wanted);
        } else if (instant != null) {
            state = history.stateAt(events, instant);
        } else {
            state = history.stateAtVersion(events, latest);
        }
        return FlowDetails.of(state.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "flow " + flowId + " did not exist yet " + (instant != null ? "at " + instant : "at version " + wanted))));
    }

    private List<StoredEvent> events(String flowId, Caller caller) {
        FlowId id = flowIdOrNotFound(flowId);
        return history.events(id, caller).orElseThrow(() -> missing(tombstones, flowId, caller));
    }

    private static JsonNode json(Object payload) {
        if (payload instanceof UnknownSerializedType unknown) {
            // a type this side does not know (a newer event): its stored JSON as it is
            return unknown.readData(JsonNode.class);
        }
        return EVENT_JSON.valueToTree(payload);
    }
}
