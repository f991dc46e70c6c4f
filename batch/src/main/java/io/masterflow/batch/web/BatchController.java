package io.masterflow.batch.web;

import io.masterflow.batch.BatchArguments;
import io.masterflow.batch.BatchFilter;
import io.masterflow.batch.BatchOperation;
import io.masterflow.batch.BatchStore;
import io.masterflow.batch.Batches;
import io.masterflow.batch.ItemState;
import io.masterflow.events.EngagementId;
import io.masterflow.events.FlowStatus;
import io.masterflow.openapi.ProblemAnswer;
import io.masterflow.query.web.QueryParameters;
import io.masterflow.security.Caller;
import io.masterflow.web.InvalidRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.lang.Nullable;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/** Batch operations: one command over every flow a filter of the flow list selects. */
@RestController
@RequestMapping("/api/v1/batches")
@SecurityRequirement(name = "bearer")
@Tag(name = "batches")
public class BatchController {

    private static final int DEFAULT_ITEMS = 100;
    private static final int MAX_ITEMS = 500;

    private final Batches batches;
    private final BatchStore store;

    public BatchController(Batches batches, BatchStore store) {
        this.batches = batches;
        this.store = store;
    }

    /** The flow list's filters, as {@code GET /api/v1/flows} takes them. */
    public record Filter(String engagement, String flowType, List<String> status, String phase, String q, String createdFrom,
                         String createdTo, Boolean includeDeleted) {
        static final Filter ALL = new Filter(null, null, null, null, null, null, null, null);
    }

    // the legacy orchestration API has a StartRequest of its own: one name would hide one of them
    @Schema(name = "BatchStartRequest")
    public record StartRequest(String operation, Filter filter, BatchArguments arguments, Boolean dryRun) {
    }

    public record Started(UUID batchId, String operation, int selected, String state) {
    }

    public record DryRun(boolean dryRun, String operation, int wouldTouch) {
    }

    public record Progress(UUID batchId, String operation, BatchArguments arguments, Map<String, Object> filter, String state,
                           int selected, long done, long skipped, long failed, long pending, String createdBy,
                           Instant createdAt, @Nullable Instant finishedAt) {

        static Progress of(BatchStore.Batch batch) {
            return new Progress(batch.batchId(), batch.operation().value(), batch.arguments(), batch.filter(), batch.state().name(),
                    batch.selected(), batch.outcomes().get(ItemState.DONE), batch.outcomes().get(ItemState.SKIPPED),
                    batch.outcomes().get(ItemState.FAILED), batch.outcomes().get(ItemState.PENDING), batch.createdBy(),
                    batch.createdAt(), batch.finishedAt());
        }
    }

    public record ItemPage(List<BatchStore.Item> items, @Nullable String nextCursor) {
    }

    @Operation(operationId = "startBatch",
            summary = "Start a batch: one command (pause, resume, delete, rewind, execute) over every flow a filter selects",
            description = "The flows are fixed when the batch starts, each with its version: one that moves on before its turn "
                    + "is skipped, with the reason. With dryRun the answer is how many flows it would act on, and nothing starts.")
    @ApiResponse(responseCode = "202", description = "Started: the batch runs; follow it at Location",
            headers = @Header(name = "Location", description = "The batch's address", schema = @Schema(type = "string")),
            content = @Content(schema = @Schema(implementation = Started.class)))
    @ApiResponse(responseCode = "200", description = "A dry run: how many flows the batch would act on; nothing started",
            content = @Content(schema = @Schema(implementation = DryRun.class)))
    @PostMapping
    public ResponseEntity<?> start(@RequestBody StartRequest request,
                                   @RequestHeader(name = "X-Engagement-Id", required = false) String engagementHeader,
                                   Caller caller) {
        if (request.operation() == null) {
            throw new InvalidRequest("operation", "'operation' is required: pause, resume, delete, rewind or execute");
        }
        BatchOperation operation = BatchOperation.parse(request.operation());
        BatchArguments arguments = Objects.requireNonNullElse(request.arguments(), BatchArguments.NONE);
        operation.check(arguments);
        Filter given = Objects.requireNonNullElse(request.filter(), Filter.ALL);
        BatchFilter filter = filter(given, engagementHeader, caller);
        try {
            if (Boolean.TRUE.equals(request.dryRun())) {
                return ResponseEntity.ok(new DryRun(true, operation.value(), batches.select(filter, caller).size()));
            }
            UUID batchId = batches.start(operation, arguments, filter, asGiven(given, filter), caller);
            BatchStore.Batch batch = store.find(batchId, caller.account()).orElseThrow();
            return ResponseEntity.accepted().location(URI.create("/api/v1/batches/" + batchId))
                    .body(new Started(batchId, operation.value(), batch.selected(), batch.state().name()));
        } catch (Batches.TooManyFlows tooMany) {
            throw new InvalidRequest("filter", tooMany.getMessage());
        }
    }

    @Operation(operationId = "getBatch", summary = "A batch's progress: flows selected, done, skipped, failed and still pending")
    @GetMapping("/{batchId}")
    public Progress progress(@PathVariable String batchId, Caller caller) {
        return Progress.of(batch(batchId, caller));
    }

    @Operation(operationId = "listBatchItems",
            summary = "Each flow's outcome in a batch, in flow id order, with the reason of a skip or failure")
    @GetMapping("/{batchId}/items")
    public ItemPage items(@PathVariable String batchId,
                          @Parameter(schema = @Schema(allowableValues = {"pending", "done", "skipped", "failed"}))
                          @RequestParam(required = false) String state,
                          @Parameter(schema = @Schema(type = "integer", minimum = "1", maximum = "" + MAX_ITEMS, defaultValue = "" + DEFAULT_ITEMS))
                          @RequestParam(required = false) String limit,
                          @Parameter(description = "The nextCursor of the previous page") @RequestParam(required = false) String cursor,
                          Caller caller) {
        UUID id = batch(batchId, caller).batchId();
        Long size = QueryParameters.whole("limit", limit, 1, MAX_ITEMS);
        int pageSize = size == null ? DEFAULT_ITEMS : size.intValue();
        List<BatchStore.Item> items = store.items(id, itemState(state), QueryParameters.uuid("cursor", cursor), pageSize + 1);
        String next = items.size() > pageSize ? items.get(pageSize - 1).flowId().toString() : null;
        return new ItemPage(items.subList(0, Math.min(pageSize, items.size())), next);
    }

    @Operation(operationId = "stopBatch",
            summary = "Stop a running batch: the flows it has not got to yet are skipped; 409 once it has finished")
    @ProblemAnswer(status = 409, description = "The batch is not running any more")
    @DeleteMapping("/{batchId}")
    public Progress stop(@PathVariable String batchId, Caller caller) {
        UUID id = batch(batchId, caller).batchId();
        if (!store.stop(id, caller.userId(), Clock.systemUTC().instant())) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "batch " + id + " is not running any more");
        }
        return Progress.of(batch(batchId, caller));
    }

    /** Another account's batch is answered as no batch. */
    private BatchStore.Batch batch(String batchId, Caller caller) {
        try {
            return store.find(UUID.fromString(batchId), caller.account())
                    .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no batch " + batchId));
        } catch (IllegalArgumentException notAUuid) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no batch " + batchId);
        }
    }

    private static BatchFilter filter(Filter given, String engagementHeader, Caller caller) {
        EngagementId engagement = QueryParameters.engagement(given.engagement(), engagementHeader, caller);
        return new BatchFilter(engagement, QueryParameters.text("filter.flowType", given.flowType(), 50), statuses(given.status()),
                QueryParameters.text("filter.phase", given.phase(), 64), QueryParameters.text("filter.q", given.q(), 200),
                QueryParameters.instant("filter.createdFrom", given.createdFrom()),
                QueryParameters.instant("filter.createdTo", given.createdTo()), Boolean.TRUE.equals(given.includeDeleted()));
    }

    /** The filter as it was applied, kept with the batch: the engagement a header named included. */
    private static Map<String, Object> asGiven(Filter given, BatchFilter applied) {
        Map<String, Object> filter = new LinkedHashMap<>();
        if (applied.engagement() != null) {
            filter.put("engagement", applied.engagement().toString());
        }
        put(filter, "flowType", applied.flowType());
        if (!applied.statuses().isEmpty()) {
            filter.put("status", applied.statusNames());
        }
        put(filter, "phase", applied.phase());
        put(filter, "q", applied.text());
        put(filter, "createdFrom", given.createdFrom());
        put(filter, "createdTo", given.createdTo());
        if (applied.includeDeleted()) {
            filter.put("includeDeleted", true);
        }
        return filter;
    }

    private static void put(Map<String, Object> filter, String key, Object value) {
        if (value != null) {
            filter.put(key, value);
        }
    }

    private static Set<FlowStatus> statuses(List<String> given) {
        if (given == null || given.isEmpty()) {
            return Set.of();
        }
        Set<FlowStatus> statuses = EnumSet.noneOf(FlowStatus.class);
        for (String status : given) {
            try {
                statuses.add(FlowStatus.valueOf(status.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException | NullPointerException unknown) {
                throw new InvalidRequest("filter.status", "'filter.status' has an unknown status: " + status);
            }
        }
        return statuses;
    }

    private static ItemState itemState(String state) {
        String text = QueryParameters.text(state);
        if (text == null) {
            return null;
        }
        try {
            return ItemState.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            throw new InvalidRequest("state", "'state' must be one of pending, done, skipped, failed: " + state);
        }
    }
}
