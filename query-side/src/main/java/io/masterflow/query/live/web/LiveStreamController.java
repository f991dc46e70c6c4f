package io.masterflow.query.live.web;

import io.masterflow.limits.Concurrency;
import io.masterflow.limits.ConcurrencyLimits;
import io.masterflow.query.live.ChangeFilter;
import io.masterflow.query.live.ChangePosition;
import io.masterflow.query.web.CursorSeal;
import io.masterflow.query.web.QueryParameters;
import io.masterflow.security.Caller;
import io.masterflow.web.InvalidRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Server-sent events of the caller's flows as the read model changes them, for dashboards. */
@RestController
@SecurityRequirement(name = "bearer")
@Tag(name = "live")
public class LiveStreamController {

    static final String LAST_EVENT_ID = "Last-Event-ID";

    private final LiveStreams streams;
    private final CursorSeal seal;
    private final ConcurrencyLimits concurrency;

    public LiveStreamController(LiveStreams streams, CursorSeal seal, ConcurrencyLimits concurrency) {
        this.streams = streams;
        this.seal = seal;
        this.concurrency = concurrency;
    }

    @Operation(operationId = "streamFlowChanges", summary = "Follow the caller's flows: a server-sent event for each change of a flow's status",
            description = "Events named flow carry flowId, engagementId, flowType, name, status, currentPhase, version and "
                    + "updatedAt; their id is an opaque position in the change log. Reconnecting with the Last-Event-ID header "
                    + "resumes right after it, missing and repeating nothing. A position older than the log keeps gets a "
                    + "reset event: reload the flows, then keep following. Comment lines are heartbeats.")
    @ApiResponse(responseCode = "200", description = "A text/event-stream: flow events whose data is a FlowChangeItem, "
            + "reset events, and comment lines as heartbeats",
            content = @Content(mediaType = "text/event-stream", schema = @Schema(implementation = FlowChangeItem.class)))
    @GetMapping("/api/v1/stream")
    public SseEmitter stream(@Parameter(description = "Only this engagement's flows", schema = @Schema(format = "uuid"))
                             @RequestParam(required = false) String engagement,
                             @Parameter(description = "As engagement", schema = @Schema(format = "uuid"))
                             @RequestHeader(name = "X-Engagement-Id", required = false) String engagementHeader,
                             @Parameter(description = "The id of the last event received: the stream resumes right after it")
                             @RequestHeader(name = LAST_EVENT_ID, required = false) String lastEventId,
                             Caller caller) {
        ChangeFilter filter = new ChangeFilter(caller.account(), caller.engagements(),
                QueryParameters.engagement(engagement, engagementHeader, caller));
        ChangePosition lastSeen = lastSeen(lastEventId, caller);
        ConcurrencyLimits.Permit place = concurrency.acquire(Concurrency.LIVE_STREAMS, caller.account());
        try {
            return streams.open(filter, lastSeen, place);
        } catch (RuntimeException failure) {
            place.close();
            throw failure;
        }
    }

    private ChangePosition lastSeen(String lastEventId, Caller caller) {
        String text = QueryParameters.text(lastEventId);
        if (text == null) {
            return null;
        }
        try {
            return seal.open(LiveStreams.EVENT_IDS, caller.account(), text).map(ChangePosition::parse).orElseThrow();
        } catch (RuntimeException notOurs) {
            throw new InvalidRequest(LAST_EVENT_ID, "'" + LAST_EVENT_ID + "' must be the id of an event of this stream");
        }
    }
}
