package io.masterflow.query.rebuild;

import io.masterflow.testsupport.Api;
import io.masterflow.events.FlowDeleted;
import io.masterflow.events.FlowPaused;
import io.masterflow.events.PhaseCompleted;
import io.masterflow.events.PhaseFailed;
import io.masterflow.events.PhaseName;
import io.masterflow.events.PhaseSkipped;
import io.masterflow.events.PhaseStarted;
import io.masterflow.query.axon.ProcessorProgress;
import io.masterflow.query.axon.QueryProcessors;
import io.masterflow.query.support.FlowStory;
import io.masterflow.query.support.IntegrationTest;
import io.masterflow.query.support.Tenant;
import io.masterflow.query.support.Tokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rebuild replays a projection into copies of its tables while the live ones answer, and switches when it has
 * caught up: the result is the read model the live processor built, with everything stored meanwhile.
 */
class ProjectionRebuildIntegrationTest extends IntegrationTest {

    @Autowired
    ProcessorProgress progress;


    private static final PhaseName WAVES = PhaseName.of("wave_planning");
    private static final PhaseName TIMELINE = PhaseName.of("timeline_optimization");
    private static final PhaseName RESOURCES = PhaseName.of("resource_allocation");
    private static final List<String> TABLES = List.of("flow_status", "flow_phase_status", "audit_entry", "analytics_flow",
            "analytics_phase_attempt", "flow_asset");

    private final Tenant tenant = Tenant.fresh();
    private final Instant start = Instant.parse("2025-10-01T09:00:00Z");

    @Test
    void a_rebuilt_read_model_equals_the_one_built_live_and_queries_answer_throughout() throws Exception {
        FlowStory watched = settled(story(tenant, start).created("planning", "watched")
                .then(new PhaseStarted(null, WAVES, 1, Map.of()))
                .then(new PhaseCompleted(null, WAVES, 1, Map.of("waves", 3), Duration.ofSeconds(3))));
        settled(story(tenant, start).created("planning", "retried and skipped")
                .then(new PhaseStarted(null, WAVES, 1, Map.of()))
                .then(new PhaseCompleted(null, WAVES, 1, Map.of(), Duration.ofSeconds(1)))
                .then(new PhaseStarted(null, TIMELINE, 1, Map.of()))
                .then(new PhaseFailed(null, TIMELINE, 1, "timeout", true, start.plusSeconds(60)))
                .then(new PhaseStarted(null, TIMELINE, 2, Map.of()))
                .then(new PhaseCompleted(null, TIMELINE, 2, Map.of(), Duration.ofSeconds(2)))
                .then(new PhaseSkipped(null, RESOURCES, "not needed")));
        settled(story(tenant, start).created("planning", "paused then deleted")
                .then(new FlowPaused(null, "lunch")).then(new FlowDeleted(null, "obsolete")));
        // the tables hold every test's flows: events of earlier tests still being projected would be in the rebuilt
        // model and not yet in this one
        eventually(() -> progress.all().stream().allMatch(processor -> Long.valueOf(0).equals(processor.lag())),
                "every processor has caught up with the event store");
        Map<String, Object> builtLive = readModel();
        Api viewer = api(Tokens.viewer(tenant));
        String shownBefore = viewer.get("/api/v1/flows/" + watched.id()).text();

        List<Api.Response> answers = new CopyOnWriteArrayList<>();
        AtomicBoolean reading = new AtomicBoolean(true);
        Thread reader = new Thread(() -> {
            while (reading.get()) {
                answers.add(viewer.get("/api/v1/flows/" + watched.id()));
            }
        });
        reader.start();
        try {
            for (String projection : QueryProcessors.ALL) {
                Api.Response started = admin().post("/api/v1/admin/projections/" + projection + "/rebuild");
                assertThat(started.status()).as(started.text()).isEqualTo(202);
                assertThat(started.text("state")).isEqualTo("REPLAYING");
            }
            QueryProcessors.ALL.forEach(this::awaitRebuilt);
        } finally {
            reading.set(false);
            reader.join();
        }

        assertThat(answers).as("the flow was read during the rebuild").isNotEmpty()
                .allSatisfy(answer -> assertThat(answer.status()).isEqualTo(200))
                .allSatisfy(answer -> assertThat(answer.text()).isEqualTo(shownBefore));
        assertThat(readModel()).isEqualTo(builtLive);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM query_token_entry WHERE processorname LIKE '%.rebuild'",
                Long.class)).as("the rebuilds' tokens are gone").isZero();
        // the rebuild replays with fewer segments; the live processor, which carries every projection, keeps its own
        assertThat(jdbc.queryForList("SELECT segment FROM query_token_entry WHERE processorname = ? ORDER BY segment",
                Integer.class, QueryProcessors.PROJECTIONS)).containsExactly(0, 1, 2, 3);
        assertThat(jdbc.queryForList("""
                SELECT relname FROM pg_stat_user_tables
                WHERE schemaname = current_schema() AND relname = ANY (?) AND last_analyze IS NULL""", String.class,
                (Object) TABLES.toArray(String[]::new))).as("switched in with the planner's statistics").isEmpty();
        FlowStory after = story(tenant, start).created("planning", "after the rebuild");
        awaitProjected(tenant, after);
        assertThat(jdbc.queryForList("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'rebuild_%'")).isEmpty();
    }

    @Test
    void events_stored_during_a_rebuild_are_in_the_rebuilt_read_model() {
        FlowStory existing = settled(story(tenant, start).created("planning", "existing"));

        for (String projection : QueryProcessors.ALL) {
            assertThat(admin().post("/api/v1/admin/projections/" + projection + "/rebuild").status()).isEqualTo(202);
        }
        existing.then(new PhaseStarted(null, WAVES, 1, Map.of()));
        FlowStory created = story(tenant, start).created("planning", "created during the rebuild");
        QueryProcessors.ALL.forEach(this::awaitRebuilt);

        settled(existing);
        settled(created);
        assertThat(api(Tokens.viewer(tenant)).get("/api/v1/flows/" + existing.id()).body()
                .path("phases").path(0).path("state").asText()).isEqualTo("running");
    }

    @Test
    void a_second_rebuild_of_a_projection_waits_for_the_first_and_only_the_platform_operator_may_start_one() {
        assertThat(api(Tokens.viewer(tenant)).post("/api/v1/admin/projections/flow-status/rebuild").status()).isEqualTo(403);
        assertThat(api(Tokens.viewer(tenant)).get("/api/v1/admin/projections").status()).isEqualTo(403);
        assertThat(api(Tokens.admin(tenant)).post("/api/v1/admin/projections/flow-status/rebuild").status()).isEqualTo(403);

        Api.Response unknown = admin().post("/api/v1/admin/projections/no-such-projection/rebuild");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.text("detail")).contains("no-such-projection");

        assertThat(admin().post("/api/v1/admin/projections/audit-trail/rebuild").status()).isEqualTo(202);
        Api.Response twice = admin().post("/api/v1/admin/projections/audit-trail/rebuild");
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.contentType()).contains("problem+json");
        awaitRebuilt(QueryProcessors.AUDIT_TRAIL);
    }

    @Test
    void the_projections_list_shows_each_processors_segments_and_lag() {
        settled(story(tenant, start).created("planning", "counted"));
        // a processor just handed a rebuild's tokens (another test's) has no position until its segments run again
        eventually(() -> admin().get("/api/v1/admin/projections").body().path("items").findValues("lag").stream()
                .allMatch(lag -> lag.isNumber()), "every processor knows its lag");

        Api.Response list = admin().get("/api/v1/admin/projections");

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body().path("items").findValuesAsText("name")).containsAll(QueryProcessors.ALL);
        list.body().path("items").forEach(projection -> {
            assertThat(projection.path("running").asBoolean()).isTrue();
            assertThat(projection.path("segments")).hasSize(4);
            assertThat(projection.path("lag").isNumber()).isTrue();
        });
    }

    private FlowStory settled(FlowStory story) {
        awaitProjected(tenant, story);
        awaitAudited(story);
        return story;
    }

    private Api admin() {
        return api(Tokens.platformOperator());
    }

    private void awaitRebuilt(String projection) {
        eventually(() -> {
            Api.Response status = admin().get("/api/v1/admin/projections/" + projection);
            String state = status.body().path("rebuild").path("state").asText();
            assertThat(state).as("rebuild of %s: %s", projection, status.text()).isNotEqualTo("FAILED");
            return state.equals("COMPLETED");
        }, "the rebuild of " + projection + " has switched over");
    }

    /**
     * Every row of the rebuilt tables, and their indexes, constraints and triggers by name and definition, whether
     * each table is logged and its storage parameters (a rebuild replays into unlogged copies without autovacuum).
     */
    private Map<String, Object> readModel() {
        Map<String, Object> model = new LinkedHashMap<>();
        for (String table : TABLES) {
            // every column in a fixed order, whatever the table
            model.put(table, jdbc.queryForList("SELECT * FROM " + table + " r ORDER BY r::text"));
        }
        List<Object> schema = new ArrayList<>();
        schema.addAll(jdbc.queryForList("""
                SELECT tablename, indexname, indexdef FROM pg_indexes
                WHERE schemaname = current_schema() AND tablename = ANY (?) ORDER BY indexname""", (Object) TABLES.toArray(String[]::new)));
        schema.addAll(jdbc.queryForList("""
                SELECT conname, pg_get_constraintdef(oid) AS definition FROM pg_constraint
                WHERE conrelid::regclass::text = ANY (?) ORDER BY conname""", (Object) TABLES.toArray(String[]::new)));
        schema.addAll(jdbc.queryForList("""
                SELECT tgname, pg_get_triggerdef(oid) AS definition FROM pg_trigger
                WHERE NOT tgisinternal AND tgrelid::regclass::text = ANY (?) ORDER BY tgname""",
                (Object) TABLES.toArray(String[]::new)));
        schema.addAll(jdbc.queryForList("""
                SELECT relname, relpersistence, reloptions FROM pg_class
                WHERE relnamespace = current_schema()::regnamespace AND relname = ANY (?) ORDER BY relname""",
                (Object) TABLES.toArray(String[]::new)));
        model.put("schema", schema);
        return model;
    }
}
