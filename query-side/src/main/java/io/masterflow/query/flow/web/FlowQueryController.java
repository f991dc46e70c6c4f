package io.masterflow.query.flow.web;

import io.masterflow.events.FlowId;
import io.masterflow.events.FlowStatus;
import io.masterflow.limits.Concurrency;
import io.masterflow.limits.ConcurrencyLimits;
import io.masterflow.openapi.ProblemAnswer;
import io.masterflow.query.archive.FlowTombstones;
import io.masterflow.query.flow.FlowList;
import io.masterflow.query.flow.FlowListQuery;
import io.masterflow.query.flow.FlowPage;
import io.masterflow.query.flow.FlowStatusRepository;
import io.masterflow.query.flow.FlowView;
import io.masterflow.query.flow.ReadModelProgress;
import io.masterflow.query.flow.web.FlowQueryResponses.FlowDetails;
import io.masterflow.query.flow.web.FlowQueryResponses.FlowItem;
import io.masterflow.query.flow.web.FlowQueryResponses.FlowListResponse;
import io.masterflow.query.web.QueryParameters;
import io.masterflow.security.Caller;
import io.masterflow.web.InvalidRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The flow query API: a tenant's flows, page by page, and one flow with its phases. */
@RestController
@RequestMapping("/api/v1/flows")
@SecurityRequirement(name = "bearer")
@Tag(name = "flows")
public class FlowQueryController {

    /** Set on an answer that timed out waiting for {@code minVersion}: it shows an older state of the flow. */
    public static final String STALE_HEADER = "X-Read-Model-Stale";

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;
    static final long MAX_WAIT_MS = 5000;

    private final FlowList flows;
    private final FlowStatusRepository repository;
    private final ReadModelProgress progress;
    private final ConcurrencyLimits concurrency;
    private final FlowTombstones tombstones;

    public FlowQueryController(FlowList flows, FlowStatusRepository repository, ReadModelProgress progress,
                               ConcurrencyLimits concurrency, FlowTombstones tombstones) {
        this.flows = flows;
        this.repository = repository;
        this.progress = progress;
        this.concurrency = concurrency;
        this.tombstones = tombstones;
    }

    @Operation(operationId = "listFlows", summary = "List the caller's flows, newest first unless sorted otherwise",
            description = "Filters combine with AND. Pages are keyset pages: pass nextCursor as cursor, with the same sort "
                    + "and filters, for the next one; nextCursor is null on the last page.")
    @GetMapping
    public FlowListResponse list(@Parameter(description = "Only this engagement's flows", schema = @Schema(format = "uuid"))
                                 @RequestParam(required = false) String engagement,
                                 @Parameter(description = "As engagement", schema = @Schema(format = "uuid"))
                                 @RequestHeader(name = "X-Engagement-Id", required = false) String engagementHeader,
                                 @RequestParam(required = false) String flowType,
                                 @Parameter(description = "Any of these statuses (repeat the parameter, or separate with commas)",
                                         array = @ArraySchema(schema = @Schema(implementation = FlowStatus.class)))
                                 @RequestParam(required = false) List<String> status,
                                 @Parameter(description = "The current phase") @RequestParam(required = false) String phase,
                                 @Parameter(description = "Text in the flow's name") @RequestParam(required = false) String q,
                                 @Parameter(description = "Created at or after (ISO-8601; a date is its start, UTC)",
                                         schema = @Schema(format = "date-time")) @RequestParam(required = false) String createdFrom,
                                 @Parameter(description = "Created before (ISO-8601; a date is its start, UTC)",
                                         schema = @Schema(format = "date-time")) @RequestParam(required = false) String createdTo,
                                 @Parameter(description = "Include deleted flows", schema = @Schema(type = "boolean"))
                                 @RequestParam(required = false) String includeDeleted,
                                 @Parameter(description = "createdAt, updatedAt or name, optionally followed by ,asc or ,desc",
                                         schema = @Schema(pattern = "^(createdAt|updatedAt|name)(,(asc|desc))?$"))
                                 @RequestParam(required = false) String sort,
                                 @Parameter(schema = @Schema(type = "integer", minimum = "1", maximum = "" + MAX_LIMIT, defaultValue = "" + DEFAULT_LIMIT))
                                 @RequestParam(required = false) String limit,
                                 @Parameter(description = "The nextCursor of the previous page") @RequestParam(required = false) String cursor,
                                 Caller caller) {
        FlowListQuery.Sort order = sort(sort);
        Long pageSize = QueryParameters.whole("limit", limit, 1, MAX_LIMIT);
        FlowListQuery query = new FlowListQuery(caller.account(), caller.engagements(),
                QueryParameters.engagement(engagement, engagementHeader, caller),
                QueryParameters.text("flowType", flowType, 50),
                statuses(status),
                QueryParameters.text("phase", phase, 64),
                QueryParameters.text("q", q, 200),
                QueryParameters.instant("createdFrom", createdFrom),
                QueryParameters.instant("createdTo", createdTo),
                QueryParameters.flag("includeDeleted", includeDeleted),
                order,
                pageSize == null ? DEFAULT_LIMIT : pageSize.intValue(),
                FlowCursor.decode(QueryParameters.text(cursor), order));
        FlowPage page = flows.page(query);
        return new FlowListResponse(page.items().stream().map(FlowItem::of).toList(), FlowCursor.encode(order, page.next()));
    }

    @Operation(operationId = "getFlow", summary = "One flow with every phase: state, attempts, times, durations, last error",
            description = "With minVersion the answer waits, at most waitMs (0 to 5000), until the read model holds that "
                    + "version of the flow (the version a command answered with). If it is not there in time, the answer "
                    + "is the older state with the header X-Read-Model-Stale: true.")
    @ApiResponse(responseCode = "200", description = "The flow", useReturnTypeSchema = true, headers = @Header(name = STALE_HEADER,
            description = "true when waitMs ran out before the read model held minVersion", schema = @Schema(type = "boolean")))
    @ProblemAnswer(status = 410, description = ProblemAnswer.ARCHIVED)
    @GetMapping("/{flowId}")
    public ResponseEntity<FlowDetails> flow(@PathVariable String flowId,
                                            @Parameter(description = "The version to wait for (one a command answered with)",
                                                    schema = @Schema(type = "integer", format = "int64", minimum = "0"))
                                            @RequestParam(required = false) String minVersion,
                                            @Parameter(description = "How long to wait for minVersion, in milliseconds",
                                                    schema = @Schema(type = "integer", minimum = "0", maximum = "" + MAX_WAIT_MS, defaultValue = "0"))
                                            @RequestParam(required = false) String waitMs,
                                            Caller caller) throws InterruptedException {
        Long wanted = QueryParameters.whole("minVersion", minVersion, 0, Long.MAX_VALUE);
        Long wait = QueryParameters.whole("waitMs", waitMs, 0, MAX_WAIT_MS);
        FlowId id = flowIdOrNotFound(flowId);
        Optional<FlowView> awaited = wanted == null ? Optional.empty() : awaitVersion(id, wanted, wait, caller);
        FlowView flow = awaited.or(() -> repository.find(id))
                .filter(view -> caller.mayAccess(view.account(), view.engagement()))
                .orElseThrow(() -> missing(tombstones, flowId, caller));
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok();
        if (wanted != null && flow.version() < wanted) {
            answer.header(STALE_HEADER, "true");
        }
        return answer.body(FlowDetails.of(flow));
    }

    /** A read that may wait holds a request thread meanwhile: one of its account's places for waiting reads. */
    private Optional<FlowView> awaitVersion(FlowId id, long wanted, Long waitMs, Caller caller) throws InterruptedException {
        if (waitMs == null || waitMs == 0) {
            return progress.awaitVersion(id, wanted, caller, Duration.ZERO);
        }
        try (ConcurrencyLimits.Permit waiting = concurrency.acquire(Concurrency.WAITING_READS, caller.account())) {
            return progress.awaitVersion(id, wanted, caller, Duration.ofMillis(waitMs));
        }
    }

    /** A flow id that is not a UUID names no flow: 404, like any unknown id (as on the command side). */
    public static FlowId flowIdOrNotFound(String flowId) {
        try {
            return FlowId.of(flowId);
        } catch (IllegalArgumentException notAUuid) {
            throw notFound(flowId);
        }
    }

    /** A flow the read models do not hold: 410 to the owner of an archived one, the 404 of {@link #notFound} otherwise. */
    public static RuntimeException missing(FlowTombstones tombstones, String flowId, Caller caller) {
        return tombstones.archived(flowId, caller).<RuntimeException>map(archived -> archived).orElseGet(() -> notFound(flowId));
    }

    /** Another tenant's flow gets exactly this answer too. */
    public static ResponseStatusException notFound(String flowId) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "no flow " + flowId);
    }

    private static FlowListQuery.Sort sort(String sort) {
        String text = QueryParameters.text(sort);
        if (text == null) {
            return FlowListQuery.Sort.DEFAULT;
        }
        String[] parts = text.split(",", -1);
        FlowListQuery.SortField field = null;
        for (FlowListQuery.SortField candidate : FlowListQuery.SortField.values()) {
            if (candidate.parameter().equalsIgnoreCase(parts[0].trim())) {
                field = candidate;
            }
        }
        if (field == null || parts.length > 2) {
            throw new InvalidRequest("sort", "'sort' must be createdAt, updatedAt or name, optionally followed by ,asc or ,desc: " + text);
        }
        if (parts.length == 1) {
            // names read A to Z; times newest first
            return new FlowListQuery.Sort(field, field != FlowListQuery.SortField.NAME);
        }
        String direction = parts[1].trim().toLowerCase(Locale.ROOT);
        if (!direction.equals("asc") && !direction.equals("desc")) {
            throw new InvalidRequest("sort", "the direction in 'sort' must be asc or desc: " + text);
        }
        return new FlowListQuery.Sort(field, direction.equals("desc"));
    }

    private static Set<FlowStatus> statuses(List<String> values) {
        Set<FlowStatus> statuses = EnumSet.noneOf(FlowStatus.class);
        for (String value : Optional.ofNullable(values).orElse(List.of())) {
            for (String one : value.split(",")) {
                String text = QueryParameters.text(one);
                if (text == null) {
                    continue;
                }
                try {
                    statuses.add(FlowStatus.valueOf(text.toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException unknown) {
                    throw new InvalidRequest("status", "'status' must be one of " + List.of(FlowStatus.values()) + ": " + text);
                }
            }
        }
        return statuses;
    }
}
