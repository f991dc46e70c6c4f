package io.masterflow.command.task.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.masterflow.command.flow.CompletePhase;
import io.masterflow.command.flow.FailPhase;
import io.masterflow.command.flow.FlowCommandSender;
import io.masterflow.command.task.ClaimedTask;
import io.masterflow.command.task.LeaseRefused;
import io.masterflow.command.task.PhaseTasks;
import io.masterflow.command.task.TaskClaims;
import io.masterflow.command.task.TaskFilter;
import io.masterflow.command.task.TaskRecord;
import io.masterflow.command.task.WorkerIdentity;
import io.masterflow.command.task.WorkerMeters;
import io.masterflow.command.task.WorkerProperties;
import io.masterflow.command.task.Workers;
import io.masterflow.command.task.web.TaskRequests.ClaimRequest;
import io.masterflow.command.task.web.TaskRequests.CompleteTaskRequest;
import io.masterflow.command.task.web.TaskRequests.FailTaskRequest;
import io.masterflow.command.web.DocumentLimits;
import io.masterflow.events.DiscoveredAsset;
import io.masterflow.events.FlowId;
import io.masterflow.events.PhaseDefinition;
import io.masterflow.events.PhaseName;
import io.masterflow.limits.Concurrency;
import io.masterflow.limits.ConcurrencyLimits;
import io.masterflow.openapi.ProblemAnswer;
import io.masterflow.security.Caller;
import io.masterflow.web.InvalidRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.lang.Nullable;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * The worker API: external workers (the old platform's agents) lease tasks, keep them with heartbeats and report
 * their outcome. A worker is the token's user, plus the optional {@code X-Worker-Id} header when one user runs
 * several workers ({@link WorkerIdentity}); it registers by claiming.
 */
@RestController
@RequestMapping("/api/v1/tasks")
@Validated
@SecurityRequirement(name = "bearer")
@Tag(name = "workers")
public class TaskController {

    private static final String WORKER_HEADER = "X-Worker-Id";
    private static final Pattern WORKER_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,100}");

    private final TaskClaims claims;
    private final PhaseTasks tasks;
    private final Workers workers;
    private final FlowCommandSender commands;
    private final WorkerProperties properties;
    private final DocumentLimits documents;
    private final ConcurrencyLimits concurrency;
    private final WorkerMeters meters;

    public TaskController(TaskClaims claims, PhaseTasks tasks, Workers workers, FlowCommandSender commands, WorkerProperties properties,
                          DocumentLimits documents, ConcurrencyLimits concurrency, WorkerMeters meters) {
        this.claims = claims;
        this.tasks = tasks;
        this.workers = workers;
        this.commands = commands;
        this.properties = properties;
        this.documents = documents;
        this.concurrency = concurrency;
        this.meters = meters;
    }

    record ClaimResponse(String workerId, List<ClaimedTask> tasks) {
    }

    record LeaseResponse(UUID taskId, Instant leaseExpiresAt) {
    }

    /** @param next the tasks leased with the report, when it asked for them ({@code next} in the request) */
    record ReportResponse(UUID taskId, String flowId, long version, @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable ClaimResponse next) {
    }

    @Operation(operationId = "claimTasks", summary = "Lease claimable tasks, waiting up to waitSeconds for some when there are none")
    @PostMapping("/claim")
    public CompletableFuture<ClaimResponse> claim(@Valid @RequestBody(required = false) ClaimRequest request,
                                                  @RequestHeader(name = WORKER_HEADER, required = false) String workerHeader,
                                                  Caller caller) {
        String workerId = workerId(caller, workerHeader);
        workers.heardFrom(caller, workerId, false);
        return lease(claimOf(Objects.requireNonNullElse(request, new ClaimRequest(null, null, null, null)), "waitSeconds", caller),
                workerId, caller);
    }

    /** A claim request checked: what to lease, how many, and how long to wait for them. */
    private record Claim(TaskFilter filter, int maxTasks, Duration waitUpTo) {
    }

    private Claim claimOf(ClaimRequest request, String waitField, Caller caller) {
        Duration wait = Duration.ofSeconds(Objects.requireNonNullElse(request.waitSeconds(), 0));
        if (wait.compareTo(properties.maxWait()) > 0) {
            throw new InvalidRequest(waitField, waitField + " must be at most " + properties.maxWait().toSeconds());
        }
        return new Claim(new TaskFilter(caller, PhaseDefinition.EXTERNAL, request.flowTypes(), request.phases()),
                Objects.requireNonNullElse(request.maxTasks(), 1), wait);
    }

    /** The claim a report asks for with its next tasks, checked before the report is sent; null when it asks none. */
    private Claim nextClaim(ClaimRequest next, Caller caller) {
        return next == null ? null : claimOf(next, "next.waitSeconds", caller);
    }

    /** A claim that may wait holds one of its account's places for waiting claims until it is answered. */
    private CompletableFuture<ClaimResponse> lease(Claim claim, String workerId, Caller caller) {
        ConcurrencyLimits.Permit waiting = claim.waitUpTo().isZero() ? null : concurrency.acquire(Concurrency.WAITING_CLAIMS, caller.account());
        CompletableFuture<List<ClaimedTask>> claimed;
        try {
            claimed = claims.claim(claim.filter(), workerId, claim.maxTasks(), claim.waitUpTo());
        } catch (RuntimeException failure) {
            release(waiting);
            throw failure;
        }
        return claimed.whenComplete((tasks, failure) -> release(waiting)).thenApply(tasks -> new ClaimResponse(workerId, tasks));
    }

    private static void release(ConcurrencyLimits.Permit permit) {
        if (permit != null) {
            permit.close();
        }
    }

    @Operation(operationId = "heartbeatTask", summary = "Extend the lease on a task the worker holds")
    @ProblemAnswer(status = 409, description = "The worker no longer holds the task: its lease expired, or the attempt is over")
    @PostMapping("/{taskId}/heartbeat")
    public LeaseResponse heartbeat(@PathVariable String taskId, @RequestHeader(name = WORKER_HEADER, required = false) String workerHeader,
                                   Caller caller) {
        String workerId = workerId(caller, workerHeader);
        TaskRecord task = heldTask(taskId, caller, workerId);
        workers.heardFrom(caller, workerId, true);
        Instant leaseExpiresAt = tasks.renew(task.taskId(), workerId)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.CONFLICT, "task " + taskId + " is no longer leased to " + workerId));
        return new LeaseResponse(task.taskId(), leaseExpiresAt);
    }

    @Operation(operationId = "completeTask", summary = "Report the task's attempt done, with its output and the assets it discovered; "
            + "with next, lease the worker's next tasks in the same request")
    @ProblemAnswer(status = 409, description = "The worker does not hold the task (not leased, leased to another, lease "
            + "expired) or the attempt is over: the report changes nothing")
    @ProblemAnswer(status = 503, description = ProblemAnswer.UNAVAILABLE)
    @PostMapping("/{taskId}/complete")
    public CompletableFuture<ReportResponse> complete(@PathVariable String taskId, @Valid @RequestBody CompleteTaskRequest request,
                                                      @RequestHeader(name = WORKER_HEADER, required = false) String workerHeader, Caller caller) {
        String workerId = workerId(caller, workerHeader);
        Claim next = nextClaim(request.next(), caller);
        documents.check("output", request.output(), caller);
        documents.checkDiscoveredAssets("assets", request.assets(), caller);
        TaskRecord task = heldTask(taskId, caller, workerId);
        workers.heardFrom(caller, workerId, false);
        List<DiscoveredAsset> assets = request.assets() == null ? List.of() : request.assets().stream()
                .map(asset -> new DiscoveredAsset(asset.assetId(), asset.name(), asset.kind(), asset.attributes())).toList();
        return report(new CompletePhase(FlowId.of(task.flowId()), PhaseName.of(task.phase()), task.attempt(),
                request.output(), assets, null), task, next, workerId, caller);
    }

    @Operation(operationId = "failTask", summary = "Report the task's attempt failed; a retryable failure may earn the phase another attempt; "
            + "with next, lease the worker's next tasks in the same request")
    @ProblemAnswer(status = 409, description = "The worker does not hold the task (not leased, leased to another, lease "
            + "expired) or the attempt is over: the report changes nothing")
    @ProblemAnswer(status = 503, description = ProblemAnswer.UNAVAILABLE)
    @PostMapping("/{taskId}/fail")
    public CompletableFuture<ReportResponse> fail(@PathVariable String taskId, @Valid @RequestBody FailTaskRequest request,
                                                  @RequestHeader(name = WORKER_HEADER, required = false) String workerHeader, Caller caller) {
        String workerId = workerId(caller, workerHeader);
        Claim next = nextClaim(request.next(), caller);
        TaskRecord task = heldTask(taskId, caller, workerId);
        workers.heardFrom(caller, workerId, false);
        return report(new FailPhase(FlowId.of(task.flowId()), PhaseName.of(task.phase()), task.attempt(),
                request.error(), request.retryable(), null), task, next, workerId, caller);
    }

    private record Reported(long version, List<ClaimedTask> leased) {
    }

    /**
     * Sends the report and answers it, with the worker's next tasks when it asked for them (what Temporal calls eager
     * dispatch). The next phase's task is made in the report's own transaction, and leased to the worker in that same
     * transaction: a worker running a flow's phases one after another gets its next task with one request and one
     * commit. When there is nothing to lease yet and the claim may wait, it waits after the report has committed, like
     * any claim.
     */
    private CompletableFuture<ReportResponse> report(Object command, TaskRecord task, Claim next, String workerId, Caller caller) {
        String outcome = command instanceof CompletePhase ? "completed" : "failed";
        if (next == null) {
            long version = commands.send(command, caller, null);
            meters.reported(task, outcome);
            return CompletableFuture.completedFuture(new ReportResponse(task.taskId(), task.flowId(), version, null));
        }
        Reported reported = commands.send(command, caller, null,
                (Long version) -> new Reported(version, tasks.claim(next.filter(), workerId, next.maxTasks())));
        meters.reported(task, outcome);
        if (!reported.leased().isEmpty() || next.waitUpTo().isZero()) {
            return CompletableFuture.completedFuture(new ReportResponse(task.taskId(), task.flowId(), reported.version(),
                    new ClaimResponse(workerId, reported.leased())));
        }
        // a claim looks once more before it waits: a task made between the report's commit and the wait would
        // otherwise be signalled before there was a waiter to hear it
        return lease(next, workerId, caller).thenApply(claimed -> new ReportResponse(task.taskId(), task.flowId(), reported.version(), claimed));
    }

    /** The task, if the worker holds its lease; otherwise 404 (no such task for this caller) or 409 (why not). */
    private TaskRecord heldTask(String taskId, Caller caller, String workerId) {
        try {
            return tasks.leasedTo(taskId, caller, workerId);
        } catch (LeaseRefused refused) {
            throw new ResponseStatusException(refused.unknownTask() ? HttpStatus.NOT_FOUND : HttpStatus.CONFLICT, refused.getMessage());
        }
    }

    private static String workerId(Caller caller, String header) {
        if (header == null || header.isBlank()) {
            return WorkerIdentity.of(caller, null);
        }
        if (!WORKER_ID.matcher(header).matches()) {
            throw new InvalidRequest(WORKER_HEADER, "header '" + WORKER_HEADER + "' must be 1 to 100 letters, digits or . _ : @ -");
        }
        return WorkerIdentity.of(caller, header);
    }
}
