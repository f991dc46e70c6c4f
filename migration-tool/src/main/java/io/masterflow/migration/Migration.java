package io.masterflow.migration;

import io.masterflow.events.FlowId;
import io.masterflow.flowtype.FlowTypeLoader;
import io.masterflow.flowtype.FlowTypeRegistry;
import io.masterflow.flowtype.InvalidFlowTypeDefinition;
import io.masterflow.migration.delta.ChangedSince;
import io.masterflow.migration.delta.DeltaComparison;
import io.masterflow.migration.delta.DeltaUpdates;
import io.masterflow.migration.delta.Tail;
import io.masterflow.migration.legacy.LegacyRow;
import io.masterflow.migration.legacy.LegacySource;
import io.masterflow.migration.legacy.LegacyUnit;
import io.masterflow.migration.mapping.FlowMapper;
import io.masterflow.migration.mapping.MappedFlow;
import io.masterflow.migration.mapping.MappingOutcome;
import io.masterflow.migration.report.MigrationReport;
import io.masterflow.migration.report.MigrationReport.Mode;
import io.masterflow.migration.report.Progress;
import io.masterflow.migration.report.Reason;
import io.masterflow.migration.store.AxonServerTarget;
import io.masterflow.migration.store.EventStoreTarget;
import io.masterflow.migration.store.MigrationTarget;
import io.masterflow.migration.store.MigrationTarget.AppendRefused;
import io.masterflow.migration.store.TargetSchema;
import io.masterflow.migration.verify.ReadModel;
import io.masterflow.migration.verify.Verifier;
import io.masterflow.validation.RequiredKeysValidator;
import io.masterflow.validation.ValueTypesValidator;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One run of the tool: read the legacy snapshot, map it unit by unit, and append the flows in batches.
 *
 * <p>Resumable by construction: flow ids derive from legacy ids, a batch is one transaction (so each flow is
 * stored whole or not at all), and every batch first asks the store which of its flows it holds already. A run
 * that stops anywhere, even killed, leaves only whole flows; the next run skips them and appends the rest.
 */
public final class Migration {

    /** Called inside a batch's transaction after its events are written, before the commit: a seam for tests. */
    @FunctionalInterface
    public interface CommitHook {
        CommitHook NONE = flows -> {
        };

        void beforeCommit(List<MappedFlow> flows);
    }

    private static final List<MappedFlow> END = List.of();
    private static final int DUPLICATE_RETRIES = 3;

    private final MigrationOptions options;
    private final PrintStream progressOut;
    private final CommitHook commitHook;
    private final ChangedSince changedSince;
    private final DeltaComparison comparison = new DeltaComparison();
    private volatile MigrationReport report;

    public Migration(MigrationOptions options, PrintStream progressOut) {
        this(options, progressOut, CommitHook.NONE);
    }

    public Migration(MigrationOptions options, PrintStream progressOut, CommitHook commitHook) {
        this.options = options;
        this.progressOut = progressOut;
        this.commitHook = commitHook;
        this.changedSince = options.since() == null ? null : new ChangedSince(options.since());
    }

    /** The flow-type registry the command side would load with the same external folder. */
    public static FlowTypeRegistry registry(java.nio.file.Path flowTypesDir) {
        try {
            return new FlowTypeLoader(List.of(new RequiredKeysValidator(), new ValueTypesValidator())).load(flowTypesDir);
        } catch (InvalidFlowTypeDefinition e) {
            throw MigrationFailure.usage("flow types: " + e.getMessage());
        }
    }

    /** The report of the run so far; after a failure, what was done before it. */
    public MigrationReport report() {
        return report;
    }

    public MigrationReport run() {
        FlowMapper mapper = new FlowMapper(registry(options.flowTypesDir()));
        String runId = UUID.randomUUID().toString();
        boolean complete = false;
        try (LegacySource source = LegacySource.open(options.sourceUrl(), options.sourceUser(), options.sourcePassword())) {
            report = new MigrationReport(runId, options.mode(), Instant.now(), source.description(),
                    options.targetDescription());
            report.sourceRows(source.rowCounts());
            report.sourceSnapshotAt(source.snapshotTime());
            if (options.since() != null) {
                report.since(options.since());
            }
            if (options.targetUrl() != null) {
                prepareSchema();
            }
            if (hasTarget()) {
                // a target that cannot be used stops the run before any progress is shown
                openTarget().close();
            }
            try (Progress ignored = Progress.start(report::rowsDone, report.totalSourceRows(), progressOut)) {
                switch (options.mode()) {
                    case MIGRATE -> migrate(source, mapper, runId);
                    case DRY_RUN -> dryRun(source, mapper);
                    case VERIFY -> verify(source, mapper);
                }
            }
            complete = true;
            return report;
        } finally {
            if (report != null) {
                report.finish(Instant.now(), complete);
            }
        }
    }

    /** A migration run creates or updates the event store's tables; the other modes only refuse a newer schema. */
    private void prepareSchema() {
        if (options.mode() != Mode.MIGRATE) {
            TargetSchema.check(options.targetUrl(), options.targetUser(), options.targetPassword());
            return;
        }
        TargetSchema.State schema = TargetSchema.prepare(options.targetUrl(), options.targetUser(), options.targetPassword());
        String line = schema.describe(options.targetDescription());
        report.targetSchema(line);
        progressOut.println("masterflow-migrate: " + line);
    }

    private boolean hasTarget() {
        return options.targetUrl() != null || options.axonServer() != null;
    }

    /** A connection of its own to the target the options name (each writer has one). */
    private MigrationTarget openTarget() {
        return options.axonServer() != null ? AxonServerTarget.open(options.axonServer(), options.axonServerToken())
                : EventStoreTarget.open(options.targetUrl(), options.targetUser(), options.targetPassword());
    }

    private void dryRun(LegacySource source, FlowMapper mapper) {
        try (MigrationTarget target = hasTarget() ? openTarget() : null) {
            inBatches(source, mapper, batch -> {
                Set<FlowId> present = target == null ? Set.of() : target.present(ids(batch));
                batch.stream().filter(flow -> !present.contains(flow.flowId())).forEach(report::migrated);
                List<MappedFlow> there = batch.stream().filter(flow -> present.contains(flow.flowId())).toList();
                if (options.since() != null && target instanceof EventStoreTarget store) {
                    DeltaUpdates.decide(store, there, comparison).report(report, true);
                } else {
                    there.forEach(report::alreadyMigrated);
                }
            });
        }
    }

    private void verify(LegacySource source, FlowMapper mapper) {
        Verifier verifier = new Verifier();
        try (EventStoreTarget target = EventStoreTarget.open(options.targetUrl(), options.targetUser(), options.targetPassword());
             ReadModel readModel = openReadModel(verifier)) {
            inBatches(source, mapper, batch -> {
                batch.forEach(flow -> {
                    verifier.expect(flow);
                    report.migrated(flow);
                });
                if (readModel != null && verifier.readModelReadable()) {
                    compareReadModel(verifier, target, readModel, batch);
                }
            });
            report.verification(verifier.compareWith(target, report.reportedRows().size()));
        }
    }

    /** Maps the source's units in this thread and hands each batch of up to batchSize flows (and the rest) on. */
    private void inBatches(LegacySource source, FlowMapper mapper, Consumer<List<MappedFlow>> each) {
        List<MappedFlow> batch = new ArrayList<>();
        Iterator<LegacyUnit> units = source.units();
        while (units.hasNext()) {
            batch.addAll(mapped(mapper, units.next()));
            if (batch.size() >= options.batchSize() || !units.hasNext()) {
                each.accept(batch);
                batch.clear();
            }
        }
    }

    /** The query side's read model: in the target database unless --read-model-url names another; null when not there. */
    private ReadModel openReadModel(Verifier verifier) {
        boolean separate = options.readModelUrl() != null;
        try {
            return separate ? ReadModel.open(options.readModelUrl(), options.readModelUser(), options.readModelPassword(), true)
                    : ReadModel.open(options.targetUrl(), options.targetUser(), options.targetPassword(), false);
        } catch (ReadModel.Unavailable unavailable) {
            verifier.readModelNotChecked(unavailable.getMessage());
            return null;
        }
    }

    private static void compareReadModel(Verifier verifier, EventStoreTarget target, ReadModel readModel, List<MappedFlow> batch) {
        List<FlowId> ids = ids(batch);
        try {
            verifier.compareReadModel(readModel.description(), batch, target.lastSequences(ids), readModel.rows(ids));
        } catch (ReadModel.Unavailable lost) {
            verifier.readModelNotChecked(lost.getMessage());
        }
    }

    /**
     * The reader (this thread) maps units into batches; writer threads append them, each on its own connection.
     * The queue is short, so reading never runs far ahead of what is written.
     */
    private void migrate(LegacySource source, FlowMapper mapper, String runId) {
        int writerCount = options.writers();
        BlockingQueue<List<MappedFlow>> queue = new ArrayBlockingQueue<>(writerCount * 2);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<MigrationTarget> targets = new ArrayList<>();
        List<Thread> writers = new ArrayList<>();
        try {
            for (int index = 0; index < writerCount; index++) {
                targets.add(openTarget());
            }
            for (MigrationTarget target : targets) {
                Thread writer = new Thread(() -> writeUntilEnd(target, queue, runId, failure), "migration-writer-" + writers.size());
                writer.start();
                writers.add(writer);
            }
            List<MappedFlow> batch = new ArrayList<>();
            Iterator<LegacyUnit> units = source.units();
            while (units.hasNext() && failure.get() == null) {
                batch.addAll(mapped(mapper, units.next()));
                if (batch.size() >= options.batchSize()) {
                    hand(queue, batch, failure);
                    batch = new ArrayList<>();
                }
            }
            if (!batch.isEmpty()) {
                hand(queue, batch, failure);
            }
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        } finally {
            for (int index = 0; index < writers.size(); index++) {
                hand(queue, END, failure);
            }
            for (Thread writer : writers) {
                joinUninterruptibly(writer);
            }
            targets.forEach(MigrationTarget::close);
        }
        Throwable failed = failure.get();
        if (failed instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failed instanceof Error error) {
            throw error;
        }
    }

    /** The unit's flows; none for a unit a delta run leaves out, whose rows are counted unchanged. */
    private List<MappedFlow> mapped(FlowMapper mapper, LegacyUnit unit) {
        if (changedSince != null && !changedSince.test(unit)) {
            report.unchanged(ChangedSince.allRows(unit).stream().map(LegacyRow::table).toList());
            return List.of();
        }
        MappingOutcome outcome = mapper.map(unit);
        outcome.reported().forEach(report::reported);
        return outcome.flows();
    }

    /** Hands a batch to the writers; gives up on it once they stopped on a failure, so the reader never waits forever. */
    private static void hand(BlockingQueue<List<MappedFlow>> queue, List<MappedFlow> batch, AtomicReference<Throwable> failure) {
        try {
            while (!queue.offer(batch, 200, TimeUnit.MILLISECONDS)) {
                if (batch != END && failure.get() != null) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.compareAndSet(null, new MigrationFailure(MigrationFailure.Kind.INTERNAL, "interrupted"));
        }
    }

    private void writeUntilEnd(MigrationTarget target, BlockingQueue<List<MappedFlow>> queue, String runId,
                               AtomicReference<Throwable> failure) {
        try {
            while (true) {
                List<MappedFlow> batch = queue.take();
                if (batch == END) {
                    return;
                }
                if (failure.get() == null) {
                    write(target, batch, runId);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            failure.compareAndSet(null, e);
            // keep taking, so that the reader and the other writers are never blocked on this one
            drainUntilEnd(queue);
        }
    }

    private static void drainUntilEnd(BlockingQueue<List<MappedFlow>> queue) {
        try {
            while (queue.take() != END) {
                // discarded: the run stops, the next one appends these
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One batch, one transaction; flows the store holds already are left out (a run started again skips them), or, in
     * a delta run, brought up to date in the same transaction (DeltaComparison decides how).
     */
    private void write(MigrationTarget target, List<MappedFlow> batch, String runId) {
        for (int attempt = 1; ; attempt++) {
            Set<FlowId> present = target.present(ids(batch));
            List<MappedFlow> fresh = batch.stream().filter(flow -> !present.contains(flow.flowId())).toList();
            List<MappedFlow> there = batch.stream().filter(flow -> present.contains(flow.flowId())).toList();
            DeltaUpdates updates = options.since() != null && target instanceof EventStoreTarget store
                    ? DeltaUpdates.decide(store, there, comparison) : null;
            List<Tail> tails = updates == null ? List.of() : updates.tails();
            try {
                if (tails.isEmpty()) {
                    target.append(fresh, runId, () -> commitHook.beforeCommit(fresh));
                } else {
                    ((EventStoreTarget) target).append(fresh, tails, runId, () -> commitHook.beforeCommit(fresh));
                }
                fresh.forEach(report::migrated);
                countPresent(there, updates, true);
                return;
            } catch (AppendRefused refused) {
                if (refused.isDuplicate() && attempt < DUPLICATE_RETRIES) {
                    continue; // another run appended some of these meanwhile: ask again which
                }
                countPresent(there, updates, false);
                // one flow at a time, so that one flow the store refuses does not hold back the others
                fresh.forEach(flow -> writeAlone(target, flow, runId));
                tails.forEach(tail -> writeTailAlone((EventStoreTarget) target, tail, runId));
                return;
            }
        }
    }

    private void countPresent(List<MappedFlow> there, DeltaUpdates updates, boolean appended) {
        if (updates == null) {
            there.forEach(report::alreadyMigrated);
        } else {
            updates.report(report, appended);
        }
    }

    private void writeTailAlone(EventStoreTarget target, Tail tail, String runId) {
        try {
            target.append(List.of(), List.of(tail), runId, () -> { });
            report.updated(tail.flow(), tail.events(), null);
        } catch (AppendRefused refused) {
            report.notUpdated(tail.flow(), Reason.WRITE_FAILED,
                    "its new events could not be appended: " + refused.getMessage() + "; a later delta run tries again");
        }
    }

    private void writeAlone(MigrationTarget target, MappedFlow flow, String runId) {
        if (!target.present(List.of(flow.flowId())).isEmpty()) {
            report.alreadyMigrated(flow);
            return;
        }
        try {
            target.append(List.of(flow), runId, () -> commitHook.beforeCommit(List.of(flow)));
            report.migrated(flow);
        } catch (AppendRefused refused) {
            if (refused.isDuplicate()) {
                report.alreadyMigrated(flow);
            } else {
                report.writeFailed(flow, refused.getMessage());
            }
        }
    }

    private static List<FlowId> ids(List<MappedFlow> flows) {
        return flows.stream().map(MappedFlow::flowId).toList();
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
