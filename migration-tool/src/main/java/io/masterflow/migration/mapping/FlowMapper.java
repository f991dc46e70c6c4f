package io.masterflow.migration.mapping;

import io.masterflow.events.AssetValidated;
import io.masterflow.events.AssetsDiscovered;
import io.masterflow.events.ClientAccountId;
import io.masterflow.events.DiscoveredAsset;
import io.masterflow.events.EngagementId;
import io.masterflow.events.FlowId;
import io.masterflow.events.FlowStatus;
import io.masterflow.events.LegacyFlowImported;
import io.masterflow.events.LegacyPhaseNames;
import io.masterflow.events.PhaseDefinition;
import io.masterflow.events.PhaseName;
import io.masterflow.flowtype.FlowTypeDefinition;
import io.masterflow.flowtype.FlowTypeRegistry;
import io.masterflow.migration.legacy.LegacyRow;
import io.masterflow.migration.legacy.LegacyTable;
import io.masterflow.migration.legacy.LegacyUnit;
import io.masterflow.migration.mapping.MappedFlow.RowRef;
import io.masterflow.migration.report.Disagreement;
import io.masterflow.migration.report.Note;
import io.masterflow.migration.report.Reason;
import io.masterflow.migration.report.ReportedRow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Maps legacy rows onto flows, rule by rule as docs/migration.md lists them. Pure: the same rows and registry
 * always give the same flows and events, which is what makes a run that is started again append exactly what an
 * uninterrupted one would have.
 */
public final class FlowMapper {

    /** Large inventories are split over several AssetsDiscovered events of at most this many assets. */
    public static final int ASSETS_PER_EVENT = 500;
    /** The user of a flow whose legacy rows name none. */
    public static final String UNKNOWN_USER = "legacy:unknown";

    private final FlowTypeRegistry registry;

    public FlowMapper(FlowTypeRegistry registry) {
        this.registry = registry;
    }

    /** The id of the flow a legacy row becomes: the same on every run, so a run never migrates a row twice. */
    public static FlowId flowIdOf(LegacyTable table, String legacyId) {
        return FlowId.derivedFrom("legacy:" + table.tableName() + ":" + legacyId);
    }

    public MappingOutcome map(LegacyUnit unit) {
        List<MappedFlow> flows = new ArrayList<>();
        List<ReportedRow> reported = new ArrayList<>();
        List<LegacyRow> children = Stream.concat(unit.discoveryRows().stream(), unit.assessmentRows().stream()).toList();
        if (unit.master() != null) {
            LegacyRow child = mainChild(unit.master(), children);
            new Draft(unit.master(), child, assetsOf(unit, child), null).map(flows, reported);
            for (LegacyRow other : children) {
                if (other != child) {
                    // a second service's flow under the same master: kept whole as a flow of its own rather than merged
                    String note = other.table() + " row " + other.id() + " also names master " + unit.master().id()
                            + ", which is migrated with " + child.table() + " row " + child.id() + ": migrated as a flow of its own";
                    new Draft(null, other, assetsOf(unit, other), note).map(flows, reported);
                }
            }
        } else {
            for (LegacyRow orphan : children) {
                new Draft(null, orphan, assetsOf(unit, orphan), null).map(flows, reported);
            }
        }
        for (LegacyRow asset : unit.strayAssets()) {
            String discoveryFlowId = asset.text("discovery_flow_id");
            reported.add(new ReportedRow(LegacyTable.ASSETS, asset.id(), discoveryFlowId, Reason.NO_DISCOVERY_FLOW,
                    discoveryFlowId == null ? "the asset names no discovery flow"
                            : "discovery flow " + discoveryFlowId + " does not exist"));
        }
        return new MappingOutcome(flows, reported);
    }

    private static List<LegacyRow> assetsOf(LegacyUnit unit, LegacyRow row) {
        return row != null && row.table() == LegacyTable.DISCOVERY ? unit.assetsOf(row) : List.of();
    }

    /**
     * The child row migrated with a master: one of the master's own type if there is one, then the most recently
     * updated, so that when several services claim a flow, the newest word is the one kept.
     */
    private static LegacyRow mainChild(LegacyRow master, List<LegacyRow> children) {
        String masterType = normalizedType(master);
        return children.stream().min(Comparator
                        .comparing((LegacyRow child) -> !typeOf(child).equals(masterType))
                        .thenComparing(child -> child.instant("updated_at"), Comparator.nullsLast(Comparator.reverseOrder()))
                        .thenComparing(LegacyRow::id))
                .orElse(null);
    }

    private static String normalizedType(LegacyRow master) {
        String type = master.trimmed("flow_type");
        return type == null ? "" : type.toLowerCase(Locale.ROOT);
    }

    /** A child table is the type of the service that wrote it. */
    private static String typeOf(LegacyRow child) {
        return child.table() == LegacyTable.DISCOVERY ? "discovery" : "assessment";
    }

    private static String userOf(LegacyRow row) {
        if (row == null) {
            return null;
        }
        return row.trimmed(row.table() == LegacyTable.ASSESSMENT ? "created_by" : "user_id");
    }

    private static String describe(Object value) {
        String text = value instanceof String string ? "'" + string + "'" : String.valueOf(value);
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        return Stream.of(values).filter(Objects::nonNull).findFirst().orElse(null);
    }

    /** One fact the legacy rows record about a flow's history. */
    private record Fact(Kind kind, PhaseName phase, Instant at, String text, LegacyTable table, String legacyId) {

        enum Kind { START, COMPLETE, FAIL, PAUSE, RESUME }
    }

    /** The mapping of one flow: a master row, its child row, or both, and the child's assets. */
    private final class Draft {

        private final LegacyRow master;
        private final LegacyRow child;
        private final List<LegacyRow> assets;
        private final LegacyRow main;
        private final FlowId flowId;
        private final String legacyFlowId;
        private final List<Note> notes = new ArrayList<>();
        private final List<Disagreement> disagreements = new ArrayList<>();

        Draft(LegacyRow master, LegacyRow child, List<LegacyRow> assets, String firstNote) {
            this.master = master;
            this.child = child;
            this.assets = assets;
            this.main = master != null ? master : child;
            this.flowId = flowIdOf(main.table(), main.id());
            this.legacyFlowId = main.table() == LegacyTable.ASSESSMENT ? main.id() : main.text("flow_id");
            if (firstNote != null) {
                note(firstNote);
            }
        }

        void map(List<MappedFlow> flows, List<ReportedRow> reported) {
            String type = child != null ? typeOf(child) : normalizedType(master);
            if (master != null && child != null && !type.equals(normalizedType(master))) {
                disagree("flow_type", master.text("flow_type"), type, type);
            }
            Optional<FlowTypeDefinition> definition = registry.latest(type);
            if (definition.isEmpty()) {
                report(reported, Reason.UNKNOWN_FLOW_TYPE, "flow type '" + (master != null ? master.text("flow_type") : type)
                        + "' is not in the registry; it migrates on a later run once a definition for it exists");
                return;
            }
            String masterStatus = master == null ? null : master.text("flow_status");
            String childStatus = child == null ? null : child.text("status");
            Optional<LegacyStatus> fromChild = LegacyStatus.parse(childStatus);
            Optional<LegacyStatus> fromMaster = LegacyStatus.parse(masterStatus);
            if (fromChild.isEmpty() && fromMaster.isEmpty()) {
                report(reported, Reason.UNKNOWN_STATUS, "legacy status " + describe(child != null ? childStatus : masterStatus)
                        + (child != null && master != null ? " (master " + describe(masterStatus) + ")" : "")
                        + " is none of the known ones");
                return;
            }
            LegacyRow statusRow = fromChild.isPresent() ? child : master;
            String spelledStatus = statusRow == child ? childStatus : masterStatus;
            LegacyStatus status = fromChild.orElseGet(fromMaster::get);
            if (fromChild.isPresent() && fromMaster.isPresent() && fromChild.get() != fromMaster.get()) {
                disagree("status", masterStatus, childStatus, childStatus);
            } else if (child != null && fromChild.isEmpty()) {
                note(child.table() + " status " + describe(childStatus) + " is unknown: the master's " + describe(masterStatus) + " is used");
            }
            String account = ownerPart("client_account_id");
            String engagement = ownerPart("engagement_id");
            if (account == null || engagement == null) {
                report(reported, Reason.NO_TENANT, "no client account and engagement on the master row"
                        + (child != null ? " nor on the " + child.table() + " row" : "") + " (client_account_id " + account
                        + ", engagement_id " + engagement + ")");
                return;
            }
            Instant createdAt = earliest(instantOf(master, "created_at"), instantOf(child, "created_at"));
            Instant updatedAt = firstNonNull(instantOf(statusRow, "updated_at"), instantOf(master, "updated_at"),
                    instantOf(child, "updated_at"));
            if (createdAt == null && updatedAt == null) {
                report(reported, Reason.NO_TIMESTAMP, "neither created_at nor updated_at is set on any row of the flow");
                return;
            }
            createdAt = createdAt != null ? createdAt : updatedAt;
            updatedAt = updatedAt != null ? updatedAt : createdAt;

            FlowTypeDefinition pinned = definition.get();
            ClientAccountId accountId = ClientAccountId.of(account);
            EngagementId engagementId = EngagementId.of(engagement);
            String user = ownerValue("user", userOf(master), userOf(child));
            String name = ownerValue("flow_name", master == null ? null : master.trimmed("flow_name"),
                    child == null || child.table() != LegacyTable.DISCOVERY ? null : child.trimmed("flow_name"));

            HistoryReplay replay = new HistoryReplay(flowId, pinned.phases(),
                    status == LegacyStatus.RUNNING ? FlowStatus.WAITING : FlowStatus.CREATED, this::note);
            List<Fact> facts = facts(type, pinned.phases(), createdAt);
            if (status == LegacyStatus.INITIALIZED) {
                if (!facts.isEmpty()) {
                    note("legacy status " + describe(spelledStatus) + " although " + facts.size()
                            + " transitions, completions or pauses are recorded: the status wins, they are kept in the legacy record, not replayed");
                }
            } else {
                replay(replay, facts);
            }
            end(replay, status, spelledStatus, statusRow, updatedAt);
            if (master != null && master.isTrue("is_deleted") && status != LegacyStatus.DELETED) {
                replay.delete(firstNonNull(master.instant("updated_at"), updatedAt), "is_deleted", LegacyTable.MASTER, master.id());
            }

            List<RowRef> rows = new ArrayList<>();
            if (master != null) {
                rows.add(new RowRef(LegacyTable.MASTER, master.id()));
            }
            if (child != null) {
                rows.add(new RowRef(child.table(), child.id()));
            }
            List<StampedEvent> assetEvents = assetEvents(pinned, accountId, engagementId, createdAt, rows, reported);
            List<StampedEvent> events = new ArrayList<>();
            events.add(new StampedEvent(imported(pinned, name, replay.status(), spelledStatus, createdAt), createdAt,
                    main.table(), main.id()));
            events.addAll(mergedByTime(replay.events(), assetEvents));
            flows.add(new MappedFlow(flowId, main.table(), main.id(), legacyFlowId, accountId, engagementId,
                    user == null ? UNKNOWN_USER : user, pinned.ref(), replay.status(), events, rows, notes, disagreements));
        }

        private LegacyFlowImported imported(FlowTypeDefinition pinned, String name, FlowStatus status, String spelledStatus,
                                            Instant createdAt) {
            Map<String, Object> configuration = master != null && master.json("flow_configuration") instanceof Map<?, ?> map
                    ? castMap(map) : Map.of();
            if (master != null && master.json("flow_configuration") != null && configuration.isEmpty()
                    && !(master.json("flow_configuration") instanceof Map<?, ?>)) {
                note("flow_configuration is not an object: kept in the legacy record only");
            }
            Map<String, Object> record = new LinkedHashMap<>();
            if (master != null) {
                record.put(master.table().tableName(), master.asRecord());
            }
            if (child != null) {
                record.put(child.table().tableName(), child.asRecord());
            }
            return new LegacyFlowImported(flowId, pinned.ref(), name, configuration, pinned.phases(), status, spelledStatus,
                    legacyFlowId, main.table().tableName(), createdAt, record);
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Object> castMap(Map<?, ?> map) {
            return (Map<String, Object>) map;
        }

        // ---- owner: the child wins, and a master without one takes the child's

        private String ownerPart(String column) {
            String fromMaster = master == null ? null : master.trimmed(column);
            String fromChild = child == null ? null : child.trimmed(column);
            if (fromMaster == null && fromChild != null && master != null) {
                note(column + " missing on the master row: taken from the " + child.table() + " row");
            }
            return ownerValue(column, fromMaster, fromChild);
        }

        private String ownerValue(String field, String fromMaster, String fromChild) {
            if (fromMaster != null && fromChild != null && !fromMaster.equals(fromChild)) {
                disagree(field, fromMaster, fromChild, fromChild);
            }
            return fromChild != null ? fromChild : fromMaster;
        }

        // ---- history: what the rows record, in time order, replayed through the state machine

        private List<Fact> facts(String type, List<PhaseDefinition> phases, Instant flowCreatedAt) {
            List<Fact> timed = new ArrayList<>();
            if (master != null) {
                timed.addAll(transitions(type, phases));
            }
            List<PhaseName> childCompleted = new ArrayList<>();
            List<Fact> childTimed = new ArrayList<>();
            if (child != null && child.table() == LegacyTable.DISCOVERY) {
                childCompleted.addAll(flaggedPhases(phases));
            }
            if (child != null && child.table() == LegacyTable.ASSESSMENT) {
                childTimed.addAll(phaseResults(type, phases, childCompleted));
                childTimed.addAll(pausePoints(type, phases));
            }
            if (child != null) {
                timed = completionsTheChildConfirms(timed, childCompleted, childTimed);
            }
            timed.addAll(childTimed);
            // stable: facts of the same instant keep the order the rows list them in
            timed.sort(Comparator.comparing(Fact::at));
            Set<PhaseName> completedWithTime = new HashSet<>();
            timed.stream().filter(fact -> fact.kind() == Fact.Kind.COMPLETE).forEach(fact -> completedWithTime.add(fact.phase()));
            List<PhaseName> untimed = childCompleted.stream().filter(phase -> !completedWithTime.contains(phase))
                    .sorted(Comparator.comparingInt(phase -> indexOf(phases, phase))).toList();
            return withUntimedCompletions(timed, untimed, phases, flowCreatedAt);
        }

        /** Master transitions: {@code [{"phase", "status": started|completed|failed, "timestamp", "error"}]}. */
        private List<Fact> transitions(String type, List<PhaseDefinition> phases) {
            Object transitions = master.json("phase_transitions");
            if (transitions == null) {
                return List.of();
            }
            if (!(transitions instanceof List<?> list)) {
                note("phase_transitions is not a list but " + describe(transitions) + ": kept in the legacy record, not replayed");
                return List.of();
            }
            List<Fact> facts = new ArrayList<>();
            for (int index = 0; index < list.size(); index++) {
                String where = "phase_transitions[" + index + "]";
                if (!(list.get(index) instanceof Map<?, ?> entry)) {
                    note(where + " is not an object but " + describe(list.get(index)) + ": not replayed");
                    continue;
                }
                Optional<PhaseName> phase = phase(type, phases, entry.get("phase"), where);
                Fact.Kind kind = switch (String.valueOf(entry.get("status")).strip().toLowerCase(Locale.ROOT)) {
                    case "started" -> Fact.Kind.START;
                    case "completed" -> Fact.Kind.COMPLETE;
                    case "failed" -> Fact.Kind.FAIL;
                    default -> null;
                };
                if (kind == null) {
                    note(where + ": status " + describe(entry.get("status")) + " is none of started, completed, failed: not replayed");
                }
                Optional<Instant> at = time(entry.get("timestamp"), where);
                if (phase.isPresent() && kind != null && at.isPresent()) {
                    Object error = entry.get("error");
                    facts.add(new Fact(kind, phase.get(), at.get(), error == null ? null : error.toString(),
                            LegacyTable.MASTER, master.id()));
                }
            }
            return facts;
        }

        /** The discovery service's six completion flags; they say which phases completed, not when. */
        private List<PhaseName> flaggedPhases(List<PhaseDefinition> phases) {
            List<PhaseName> completed = new ArrayList<>();
            for (String flag : LegacyPhaseNames.DISCOVERY_FLAGS.keySet()) {
                if (child.isTrue(flag)) {
                    phase("discovery", phases, LegacyPhaseNames.DISCOVERY_FLAGS.get(flag), flag).ifPresent(completed::add);
                }
            }
            return completed;
        }

        /** Assessment phase results: {@code {"<old phase>": {"completed_at": "..."}}}. */
        private List<Fact> phaseResults(String type, List<PhaseDefinition> phases, List<PhaseName> completed) {
            Object results = child.json("phase_results");
            if (results == null) {
                return List.of();
            }
            if (!(results instanceof Map<?, ?> byPhase)) {
                note("phase_results is not an object but " + describe(results) + ": kept in the legacy record, not replayed");
                return List.of();
            }
            List<Fact> facts = new ArrayList<>();
            for (Map.Entry<?, ?> result : byPhase.entrySet()) {
                String where = "phase_results." + result.getKey();
                Optional<PhaseName> phase = phase(type, phases, result.getKey(), where);
                if (phase.isEmpty()) {
                    continue;
                }
                completed.add(phase.get());
                Object completedAt = result.getValue() instanceof Map<?, ?> details ? details.get("completed_at") : null;
                if (completedAt != null) {
                    time(completedAt, where + ".completed_at").ifPresent(at ->
                            facts.add(new Fact(Fact.Kind.COMPLETE, phase.get(), at, null, LegacyTable.ASSESSMENT, child.id())));
                }
            }
            return facts;
        }

        /** Assessment pause points: {@code [{"phase", "paused_at", "resumed_at" | null}]}. */
        private List<Fact> pausePoints(String type, List<PhaseDefinition> phases) {
            Object points = child.json("pause_points");
            if (points == null) {
                return List.of();
            }
            if (!(points instanceof List<?> list)) {
                note("pause_points is not a list but " + describe(points) + ": kept in the legacy record, not replayed");
                return List.of();
            }
            List<Fact> facts = new ArrayList<>();
            String legacyStatus = child.text("status");
            boolean pausedNow = LegacyStatus.parse(legacyStatus).orElse(null) == LegacyStatus.PAUSED;
            for (int index = 0; index < list.size(); index++) {
                String where = "pause_points[" + index + "]";
                if (!(list.get(index) instanceof Map<?, ?> point)) {
                    note(where + " is not an object but " + describe(list.get(index)) + ": not replayed");
                    continue;
                }
                Optional<PhaseName> phase = PhaseRenames.phase(type, point.get("phase"), phases);
                String reason = "legacy pause point" + phase.map(name -> " in " + name).orElse("");
                boolean open = point.get("resumed_at") == null;
                Optional<Instant> pausedAt = time(point.get("paused_at"), where + ".paused_at");
                if (pausedAt.isEmpty()) {
                    continue;
                }
                facts.add(new Fact(Fact.Kind.PAUSE, null, pausedAt.get(),
                        open && pausedNow ? legacyStatus + " (" + reason + ")" : reason, LegacyTable.ASSESSMENT, child.id()));
                if (!open) {
                    time(point.get("resumed_at"), where + ".resumed_at").ifPresent(resumedAt ->
                            facts.add(new Fact(Fact.Kind.RESUME, null, resumedAt, "legacy pause point resumed",
                                    LegacyTable.ASSESSMENT, child.id())));
                }
            }
            return facts;
        }

        /**
         * The child says which phases completed; a completion only the master records is not replayed. Where both
         * give a completion time, the child's is kept.
         */
        private List<Fact> completionsTheChildConfirms(List<Fact> masterFacts, List<PhaseName> childCompleted,
                                                       List<Fact> childFacts) {
            List<Fact> kept = new ArrayList<>();
            for (Fact fact : masterFacts) {
                if (fact.kind() != Fact.Kind.COMPLETE) {
                    kept.add(fact);
                } else if (!childCompleted.contains(fact.phase())) {
                    disagree("phase " + fact.phase() + " completed", "completed at " + fact.at(), "not completed", "not completed");
                } else {
                    Optional<Fact> childCompletion = childFacts.stream()
                            .filter(other -> other.kind() == Fact.Kind.COMPLETE && other.phase().equals(fact.phase())).findFirst();
                    if (childCompletion.isEmpty()) {
                        kept.add(fact);
                    } else if (!childCompletion.get().at().equals(fact.at())) {
                        disagree("phase " + fact.phase() + " completed_at", fact.at().toString(),
                                childCompletion.get().at().toString(), childCompletion.get().at().toString());
                    }
                }
            }
            return kept;
        }

        /**
         * Completions the child records without a time go where the phase order needs them: before the first fact of
         * a later phase, or last. Their time is the child row's own: created_at when no recorded fact precedes them,
         * else updated_at (the row's last change, which at least such a completion does not postdate).
         */
        private List<Fact> withUntimedCompletions(List<Fact> timed, List<PhaseName> untimed, List<PhaseDefinition> phases,
                                                  Instant flowCreatedAt) {
            if (untimed.isEmpty()) {
                return timed;
            }
            List<Fact> facts = new ArrayList<>(timed);
            Instant rowCreatedAt = firstNonNull(child.instant("created_at"), flowCreatedAt);
            Instant rowUpdatedAt = firstNonNull(child.instant("updated_at"), rowCreatedAt);
            int from = 0;
            for (PhaseName phase : untimed) {
                int phaseIndex = indexOf(phases, phase);
                int position = from;
                while (position < facts.size() && (facts.get(position).phase() == null || indexOf(phases, facts.get(position).phase()) <= phaseIndex)) {
                    position++;
                }
                boolean factsBefore = position > 0;
                boolean factsAfter = position < facts.size();
                Instant at = !factsBefore && factsAfter ? rowCreatedAt : rowUpdatedAt;
                if (factsAfter && at.isAfter(facts.get(position).at())) {
                    note("completion of " + phase + " is recorded without a time before facts at " + facts.get(position).at()
                            + ": it carries the row's updated_at " + at + ", out of time order");
                }
                facts.add(position, new Fact(Fact.Kind.COMPLETE, phase, at, null, child.table(), child.id()));
                from = position + 1;
            }
            return facts;
        }

        private void replay(HistoryReplay replay, List<Fact> facts) {
            for (Fact fact : facts) {
                switch (fact.kind()) {
                    case START -> replay.start(fact.phase(), fact.at(), fact.table(), fact.legacyId());
                    case COMPLETE -> replay.complete(fact.phase(), fact.at(), fact.table(), fact.legacyId());
                    case FAIL -> replay.fail(fact.phase(), fact.at(), fact.text(), fact.table(), fact.legacyId());
                    case PAUSE -> replay.pause(fact.at(), fact.text(), fact.table(), fact.legacyId());
                    case RESUME -> replay.resume(fact.at(), fact.text(), fact.table(), fact.legacyId());
                }
            }
        }

        /**
         * Where the legacy status says the flow ended up, after its recorded history: the event that puts it there,
         * at the time the row records (completed_at, or the row's updated_at, its last change).
         */
        private void end(HistoryReplay replay, LegacyStatus status, String spelled, LegacyRow statusRow, Instant updatedAt) {
            LegacyTable table = statusRow.table();
            String id = statusRow.id();
            String because = "legacy status " + describe(spelled);
            boolean completedByHistory = replay.allPhasesCompleted() && status != LegacyStatus.INITIALIZED;
            if (completedByHistory && status != LegacyStatus.COMPLETED && status != LegacyStatus.DELETED) {
                note(because + " although every phase completed: the flow completes with its last phase, as the state machine has it");
            }
            switch (status) {
                case INITIALIZED -> {
                }
                case RUNNING -> {
                    if (replay.isPaused()) {
                        replay.resume(updatedAt, because, table, id);
                    }
                    if (completedByHistory) {
                        replay.completeFlow(replay.lastCompletionAt(), table, id);
                    }
                }
                case PAUSED -> {
                    if (completedByHistory) {
                        replay.completeFlow(replay.lastCompletionAt(), table, id);
                    } else if (!replay.isPaused()) {
                        replay.pause(updatedAt, spelled, table, id);
                    }
                }
                case COMPLETED -> {
                    Instant completedAt = child == null ? null : child.instant("completed_at");
                    replay.completeFlow(firstNonNull(completedAt, completedByHistory ? replay.lastCompletionAt() : null, updatedAt),
                            table, id);
                }
                case FAILED -> {
                    if (completedByHistory) {
                        replay.completeFlow(replay.lastCompletionAt(), table, id);
                    } else {
                        if (replay.isPaused()) {
                            replay.resume(updatedAt, because, table, id);
                        }
                        replay.failFlow(updatedAt, lastError(replay, spelled), table, id);
                    }
                }
                case DELETED -> {
                    if (completedByHistory) {
                        replay.completeFlow(replay.lastCompletionAt(), table, id);
                    }
                    replay.delete(updatedAt, spelled, table, id);
                }
            }
        }

        private String lastError(HistoryReplay replay, String spelled) {
            String childError = child == null || child.table() != LegacyTable.DISCOVERY ? null : child.trimmed("error_message");
            String historyError = null;
            if (master != null && master.json("error_history") instanceof List<?> errors && !errors.isEmpty()) {
                for (int index = 0; index < errors.size(); index++) {
                    if (errors.get(index) instanceof Map<?, ?> entry && entry.get("timestamp") != null
                            && LegacyTime.parse(entry.get("timestamp")).isEmpty()) {
                        note("error_history[" + index + "]: timestamp " + describe(entry.get("timestamp"))
                                + " is not ISO-8601 (the error history is kept in the legacy record; its last error is the flow's)");
                    }
                }
                if (errors.get(errors.size() - 1) instanceof Map<?, ?> last && last.get("error") != null) {
                    historyError = last.get("error").toString();
                }
            }
            return firstNonNull(childError, replay.lastError(), historyError, "legacy status " + describe(spelled));
        }

        // ---- assets: the discovery child's, under the flow's tenant only

        private List<StampedEvent> assetEvents(FlowTypeDefinition pinned, ClientAccountId account, EngagementId engagement,
                                               Instant flowCreatedAt, List<RowRef> rows, List<ReportedRow> reported) {
            if (assets.isEmpty()) {
                return List.of();
            }
            List<LegacyRow> migrated = new ArrayList<>();
            for (LegacyRow asset : assets) {
                String assetAccount = asset.trimmed("client_account_id");
                String assetEngagement = asset.trimmed("engagement_id");
                if (!account.toString().equals(assetAccount) || !engagement.toString().equals(assetEngagement)) {
                    reported.add(new ReportedRow(LegacyTable.ASSETS, asset.id(), legacyFlowId, Reason.OTHER_TENANT,
                            "asset of account " + assetAccount + " / engagement " + assetEngagement + " in a flow of account "
                                    + account + " / engagement " + engagement));
                } else {
                    migrated.add(asset);
                    rows.add(new RowRef(LegacyTable.ASSETS, asset.id()));
                }
            }
            Instant fallback = firstNonNull(child.instant("created_at"), flowCreatedAt);
            migrated.sort(Comparator.comparing((LegacyRow asset) -> firstNonNull(asset.instant("created_at"), fallback))
                    .thenComparing(LegacyRow::id));
            PhaseName phase = pinned.phases().get(0).name();
            List<StampedEvent> events = new ArrayList<>();
            int index = 0;
            while (index < migrated.size()) {
                Instant at = firstNonNull(migrated.get(index).instant("created_at"), fallback);
                List<LegacyRow> batch = new ArrayList<>();
                while (index < migrated.size() && batch.size() < ASSETS_PER_EVENT
                        && at.equals(firstNonNull(migrated.get(index).instant("created_at"), fallback))) {
                    batch.add(migrated.get(index++));
                }
                events.add(new StampedEvent(new AssetsDiscovered(flowId, phase, batch.stream().map(this::discovered).toList()),
                        at, LegacyTable.ASSETS, child.id()));
                for (LegacyRow asset : batch) {
                    verdict(asset).ifPresent(verdict -> events.add(new StampedEvent(new AssetValidated(flowId, asset.id(), verdict,
                            "legacy validation_status '" + asset.text("validation_status") + "'"), at, LegacyTable.ASSETS, asset.id())));
                }
            }
            return events;
        }

        private DiscoveredAsset discovered(LegacyRow asset) {
            Map<String, Object> attributes = asset.asRecord();
            attributes.remove("id");
            attributes.remove("name");
            attributes.remove("asset_type");
            String name = asset.text("name");
            if (name == null) {
                note("asset " + asset.id() + " has no name: its id stands for it");
            }
            return new DiscoveredAsset(asset.id(), name == null ? asset.id() : name, asset.text("asset_type"), attributes);
        }

        private Optional<AssetValidated.Verdict> verdict(LegacyRow asset) {
            String status = asset.trimmed("validation_status");
            String normalized = status == null ? "pending" : status.toLowerCase(Locale.ROOT);
            return switch (normalized) {
                case "validated" -> Optional.of(AssetValidated.Verdict.VALIDATED);
                case "rejected" -> Optional.of(AssetValidated.Verdict.REJECTED);
                case "pending" -> Optional.empty();
                default -> {
                    note("asset " + asset.id() + ": validation_status " + describe(status)
                            + " is none of pending, validated, rejected: kept as an attribute, no verdict replayed");
                    yield Optional.empty();
                }
            };
        }

        // ---- helpers

        private Optional<PhaseName> phase(String type, List<PhaseDefinition> phases, Object legacyName, String where) {
            Optional<PhaseName> phase = PhaseRenames.phase(type, legacyName, phases);
            if (phase.isEmpty()) {
                note(where + ": phase " + describe(legacyName) + " is not a phase of " + type + ": not replayed");
            }
            return phase;
        }

        private Optional<Instant> time(Object value, String where) {
            Optional<Instant> at = LegacyTime.parse(value);
            if (at.isEmpty()) {
                note(where + ": timestamp " + describe(value) + " is not ISO-8601: not replayed");
            }
            return at;
        }

        private void report(List<ReportedRow> reported, Reason reason, String detail) {
            if (master != null) {
                reported.add(new ReportedRow(LegacyTable.MASTER, master.id(), master.text("flow_id"), reason, detail));
            }
            if (child != null) {
                reported.add(new ReportedRow(child.table(), child.id(), legacyFlowId, reason,
                        master != null ? "migrated with master " + master.id() + ": " + detail : detail));
            }
            for (LegacyRow asset : assets) {
                reported.add(new ReportedRow(LegacyTable.ASSETS, asset.id(), legacyFlowId, Reason.FLOW_NOT_MIGRATED,
                        "its discovery flow " + child.id() + " is not migrated: " + detail));
            }
        }

        private void note(String text) {
            notes.add(new Note(flowId.toString(), legacyFlowId, text));
        }

        private void disagree(String field, Object masterValue, Object childValue, Object kept) {
            disagreements.add(new Disagreement(flowId.toString(), legacyFlowId, field, child.table().tableName(),
                    masterValue, childValue, kept));
        }

        private static Instant instantOf(LegacyRow row, String column) {
            return row == null ? null : row.instant(column);
        }

        private static Instant earliest(Instant first, Instant second) {
            if (first == null || second == null) {
                return first != null ? first : second;
            }
            return first.isBefore(second) ? first : second;
        }

        private static int indexOf(List<PhaseDefinition> phases, PhaseName phase) {
            for (int index = 0; index < phases.size(); index++) {
                if (phases.get(index).name().equals(phase)) {
                    return index;
                }
            }
            return -1;
        }

        /** Recorded history first, assets where their time puts them (after history of the same instant). */
        private static List<StampedEvent> mergedByTime(List<StampedEvent> history, List<StampedEvent> assetEvents) {
            if (assetEvents.isEmpty()) {
                return history;
            }
            List<StampedEvent> merged = new ArrayList<>(history.size() + assetEvents.size());
            int next = 0;
            for (StampedEvent event : history) {
                while (next < assetEvents.size() && assetEvents.get(next).timestamp().isBefore(event.timestamp())) {
                    merged.add(assetEvents.get(next++));
                }
                merged.add(event);
            }
            merged.addAll(assetEvents.subList(next, assetEvents.size()));
            return merged;
        }
    }
}
