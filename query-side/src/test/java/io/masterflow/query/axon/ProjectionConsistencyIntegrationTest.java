package io.masterflow.query.axon;

import io.masterflow.events.AssetValidated;
import io.masterflow.events.AssetsDiscovered;
import io.masterflow.events.DiscoveredAsset;
import io.masterflow.events.FlowPaused;
import io.masterflow.events.PhaseCompleted;
import io.masterflow.events.PhaseFailed;
import io.masterflow.events.PhaseName;
import io.masterflow.events.PhaseStarted;
import io.masterflow.query.flow.FlowEvent;
import io.masterflow.query.flow.FlowStatusRepository;
import io.masterflow.query.flow.FlowView;
import io.masterflow.query.support.FlowStory;
import io.masterflow.query.support.IntegrationTest;
import io.masterflow.query.support.Tenant;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The projections' two promises: an event applied twice changes nothing, and the read-model writes of a batch
 * commit in the same transaction as the token that says the batch is done.
 */
class ProjectionConsistencyIntegrationTest extends IntegrationTest {

    private static final PhaseName WAVES = PhaseName.of("wave_planning");

    @Autowired
    private EventProcessingConfiguration processing;

    @Autowired
    private FlowStatusRepository repository;

    private final Tenant tenant = Tenant.fresh();

    @Test
    void replaying_every_event_changes_no_row_and_rebuilds_rows_that_were_lost() {
        FlowStory kept = aFlow("kept");
        FlowStory lost = aFlow("lost");
        List<Map<String, Object>> keptRows = rows(kept);
        List<Map<String, Object>> lostRows = rows(lost);
        jdbc.update("DELETE FROM flow_status WHERE flow_id = ?::uuid", lost.idText());
        jdbc.update("DELETE FROM audit_entry WHERE flow_id = ?", lost.idText());
        jdbc.update("DELETE FROM flow_asset WHERE flow_id = ?::uuid", lost.idText());
        assertThat(rows(lost)).isEmpty();

        StreamingEventProcessor projections = processing.eventProcessor(QueryProcessors.PROJECTIONS, StreamingEventProcessor.class)
                .orElseThrow();
        projections.shutDown();
        projections.resetTokens();
        projections.start();
        // a replay ends with the first event stored after the reset
        story(tenant, Instant.parse("2025-09-02T09:00:00Z")).created("planning", "after the reset");
        awaitReplayed(QueryProcessors.PROJECTIONS);

        assertThat(rows(kept)).isEqualTo(keptRows);
        assertThat(rows(lost)).as("every event was delivered again").isEqualTo(lostRows);
    }

    /**
     * What a redelivered batch writes for a flow it creates: the projection folds such a flow from nothing without
     * reading its row, so only the version guards of the upserts keep the row that is further along.
     */
    @Test
    void an_older_view_written_late_never_overwrites_a_newer_row() {
        FlowStory flow = aFlow("late writer");
        List<Map<String, Object>> before = rows(flow);
        List<FlowEvent> firstTwo = eventStore.readEvents(flow.idText(), 0).asStream().limit(2)
                .map(event -> new FlowEvent(event.getPayload(), event.getMetaData(), event.getTimestamp(), event.getSequenceNumber()))
                .toList();
        FlowView older = FlowView.fold(firstTwo).orElseThrow();

        repository.saveAll(List.of(new FlowStatusRepository.Change(null, older)));

        assertThat(rows(flow)).isEqualTo(before);
    }

    /** A batch's rows reach PostgreSQL as array literals: what means something in one must arrive as it was sent. */
    @Test
    void text_and_times_are_stored_as_they_were_written() {
        String text = "NULL \"quoted\", {braced} back\\slash";
        Instant retryAt = Instant.parse("2025-09-01T10:15:30.123456Z");
        FlowStory flow = story(tenant, Instant.parse("2025-09-01T09:00:00.654Z")).created("planning", text)
                .then(new PhaseStarted(null, WAVES, 1, Map.of()))
                .then(new PhaseFailed(null, WAVES, 1, text, true, retryAt));
        awaitProjected(tenant, flow);

        FlowView stored = repository.find(flow.id()).orElseThrow();
        assertThat(stored.name()).isEqualTo(text);
        assertThat(stored.createdAt()).isEqualTo(Instant.parse("2025-09-01T09:00:00.654Z"));
        assertThat(stored.phases().get(0).lastError()).isEqualTo(text);
        assertThat(stored.phases().get(0).nextAttemptAt()).isEqualTo(retryAt);
        assertThat(stored.phases().get(1).lastError()).isNull();
    }

    @Test
    void read_model_rows_are_written_in_the_transaction_that_stores_the_processors_token() {
        // every write of a token records its transaction; a row's xmin is the transaction that last wrote it
        jdbc.execute("CREATE TABLE IF NOT EXISTS test_token_writes (processor TEXT, tx BIGINT)");
        jdbc.execute("""
                CREATE OR REPLACE FUNCTION test_record_token_write() RETURNS trigger AS $$
                BEGIN
                    INSERT INTO test_token_writes VALUES (NEW.processorname, txid_current() % 4294967296);
                    RETURN NEW;
                END $$ LANGUAGE plpgsql""");
        jdbc.execute("DROP TRIGGER IF EXISTS test_token_writes ON query_token_entry");
        jdbc.execute("""
                CREATE TRIGGER test_token_writes AFTER INSERT OR UPDATE ON query_token_entry
                FOR EACH ROW EXECUTE FUNCTION test_record_token_write()""");
        try {
            FlowStory flow = aFlow("transactional");

            Long flowRowTx = jdbc.queryForObject("SELECT xmin::text::bigint FROM flow_status WHERE flow_id = ?::uuid",
                    Long.class, flow.idText());
            Long auditRowTx = jdbc.queryForObject("SELECT xmin::text::bigint FROM audit_entry WHERE flow_id = ? "
                    + "ORDER BY global_sequence DESC LIMIT 1", Long.class, flow.idText());
            assertThat(jdbc.queryForList("SELECT tx FROM test_token_writes WHERE processor = ?", Long.class,
                    QueryProcessors.PROJECTIONS)).contains(flowRowTx);
            assertThat(jdbc.queryForList("SELECT tx FROM test_token_writes WHERE processor = ?", Long.class,
                    QueryProcessors.PROJECTIONS)).contains(auditRowTx);
            eventually(() -> count("SELECT count(*) FROM analytics_phase_attempt WHERE flow_id = ?::uuid", flow) == 1,
                    "the analytics read model holds the flow's completed attempt");
            Long analyticsRowTx = jdbc.queryForObject("SELECT xmin::text::bigint FROM analytics_phase_attempt WHERE flow_id = ?::uuid",
                    Long.class, flow.idText());
            assertThat(jdbc.queryForList("SELECT tx FROM test_token_writes WHERE processor = ?", Long.class,
                    QueryProcessors.PROJECTIONS)).contains(analyticsRowTx);
            Long assetRowTx = jdbc.queryForObject("SELECT xmin::text::bigint FROM flow_asset WHERE flow_id = ?::uuid "
                    + "AND asset_id = 'srv-2'", Long.class, flow.idText());
            assertThat(jdbc.queryForList("SELECT tx FROM test_token_writes WHERE processor = ?", Long.class,
                    QueryProcessors.PROJECTIONS)).contains(assetRowTx);
        } finally {
            jdbc.execute("DROP TRIGGER IF EXISTS test_token_writes ON query_token_entry");
        }
    }

    private FlowStory aFlow(String name) {
        FlowStory flow = story(tenant, Instant.parse("2025-09-01T09:00:00Z")).created("planning", name)
                .then(new PhaseStarted(null, WAVES, 1, Map.of()))
                .then(new AssetsDiscovered(null, WAVES, List.of(new DiscoveredAsset("srv-1", "web", "server", Map.of("cpu", 4)),
                        new DiscoveredAsset("srv-2", "db", "server", Map.of()))))
                .then(new AssetValidated(null, "srv-2", AssetValidated.Verdict.REJECTED, "gone"))
                .then(new PhaseCompleted(null, WAVES, 1, Map.of(), Duration.ofSeconds(3)))
                .then(new FlowPaused(null, "lunch"));
        awaitProjected(tenant, flow);
        awaitAudited(flow);
        eventually(() -> "REJECTED".equals(jdbc.queryForList("SELECT validation FROM flow_asset WHERE flow_id = ?::uuid "
                + "AND asset_id = 'srv-2'", String.class, flow.idText()).stream().findFirst().orElse(null)),
                "the assets read model holds the flow's judged assets");
        return flow;
    }

    private long count(String sql, FlowStory flow) {
        Long count = jdbc.queryForObject(sql, Long.class, flow.idText());
        return count == null ? 0 : count;
    }

    private List<Map<String, Object>> rows(FlowStory flow) {
        List<Map<String, Object>> rows = new java.util.ArrayList<>();
        rows.addAll(jdbc.queryForList("SELECT * FROM flow_status WHERE flow_id = ?::uuid", flow.idText()));
        rows.addAll(jdbc.queryForList("SELECT * FROM flow_phase_status WHERE flow_id = ?::uuid ORDER BY position", flow.idText()));
        rows.addAll(jdbc.queryForList("SELECT * FROM audit_entry WHERE flow_id = ? ORDER BY global_sequence", flow.idText()));
        rows.addAll(jdbc.queryForList("SELECT * FROM flow_asset WHERE flow_id = ?::uuid ORDER BY asset_id", flow.idText()));
        return rows;
    }

    private void awaitReplayed(String processorName) {
        StreamingEventProcessor processor = processing.eventProcessor(processorName, StreamingEventProcessor.class).orElseThrow();
        eventually(() -> {
            Map<Integer, EventTrackerStatus> segments = processor.processingStatus();
            return segments.size() == 4 && segments.values().stream()
                    .allMatch(status -> !status.isReplaying() && status.isCaughtUp() && !status.isErrorState());
        }, processorName + " has replayed every event and caught up");
    }
}
