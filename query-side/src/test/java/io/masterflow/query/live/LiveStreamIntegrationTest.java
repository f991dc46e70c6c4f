package io.masterflow.query.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.masterflow.events.ClientAccountId;
import io.masterflow.events.PhaseName;
import io.masterflow.events.PhaseStarted;
import io.masterflow.query.support.EventStream;
import io.masterflow.query.support.FlowStory;
import io.masterflow.query.support.IntegrationTest;
import io.masterflow.query.support.Tenant;
import io.masterflow.query.support.Tokens;
import io.masterflow.query.web.CursorSeal;
import io.masterflow.security.EngagementScope;
import io.masterflow.security.Roles;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import javax.sql.DataSource;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live stream over real HTTP: changes arrive as they are projected, only the caller's; a reconnection with
 * Last-Event-ID gets exactly what it missed; a change committed late with an earlier serial is not skipped; a
 * position the log no longer keeps gets a reset.
 */
class LiveStreamIntegrationTest extends IntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2025-06-01T07:00:00Z");
    private static final PhaseName WAVES = PhaseName.of("wave_planning");

    @Autowired
    private DataSource dataSource;

    @Autowired
    private FlowChangeLog changeLog;

    @Autowired
    private CursorSeal seal;

    private final Tenant tenant = Tenant.fresh();

    @Test
    void changes_arrive_as_they_are_projected_and_never_those_of_another_tenant_or_engagement() {
        Tenant stranger = Tenant.fresh();
        Tenant notGranted = tenant.otherEngagement();
        try (EventStream mine = stream(Tokens.viewer(tenant), "").awaitOpen();
             EventStream theirs = stream(Tokens.viewer(stranger), "").awaitOpen()) {
            FlowStory flow = story(tenant, T0).created("planning", "live one");
            awaitProjected(tenant, flow);
            flow.then(new PhaseStarted(null, WAVES, 1, Map.of()));
            FlowStory strangers = story(stranger, T0).created("planning", "not yours");
            FlowStory hidden = story(notGranted, T0).created("planning", "engagement not granted");
            awaitProjected(tenant, flow);
            awaitProjected(stranger, strangers);
            awaitProjected(notGranted, hidden);
            // committed after every other change: anything of theirs that were to arrive would arrive before it
            FlowStory marker = story(tenant, T0).created("planning", "marker");
            awaitProjected(tenant, marker);

            List<EventStream.Event> received = mine.until(event -> event.data().contains(marker.idText()));
            assertThat(received).extracting(EventStream.Event::name).containsOnly("flow");
            assertThat(received).extracting(event -> flowId(event) + "@" + data(event).path("version").asLong())
                    .containsExactly(flow.idText() + "@0", flow.idText() + "@1", marker.idText() + "@0");
            JsonNode running = data(received.get(1));
            assertThat(running.path("status").asText()).isEqualTo("RUNNING");
            assertThat(running.path("currentPhase").asText()).isEqualTo("wave_planning");
            assertThat(running.path("engagementId").asText()).isEqualTo(tenant.engagement().toString());
            assertThat(running.path("flowType").asText()).isEqualTo("planning");
            assertThat(running.path("name").asText()).isEqualTo("live one");
            assertThat(running.path("updatedAt").asText()).isEqualTo("2025-06-01T07:00:01Z");
            assertThat(received.get(2).id()).as("the id is the change's position").isEqualTo(mine.lastEventId());

            assertThat(theirs.until(event -> event.data().contains(strangers.idText()))).hasSize(1);
            assertThat(theirs.poll(Duration.ofMillis(300))).isNull();
        }
    }

    @Test
    void event_ids_seal_the_change_log_position_so_that_they_count_no_other_tenants_changes() {
        try (EventStream mine = stream(Tokens.viewer(tenant), "").awaitOpen()) {
            FlowStory flow = story(tenant, T0).created("planning", "opaque");
            awaitProjected(tenant, flow);

            EventStream.Event change = mine.until(event -> event.data().contains(flow.idText())).get(0);
            Long serial = jdbc.queryForObject("SELECT max(serial) FROM flow_change WHERE flow_id = ?::uuid", Long.class, flow.idText());
            assertThat(change.id()).doesNotMatch("[0-9]+-[0-9]+");
            assertThat(new String(Base64.getUrlDecoder().decode(change.id()), StandardCharsets.ISO_8859_1))
                    .doesNotContain("-" + serial);
            try (EventStream stolen = stream(Tokens.viewer(Tenant.fresh()), "", change.id())) {
                assertThat(stolen.status()).as("another account cannot resume from it").isEqualTo(400);
            }
        }
    }

    @Test
    void a_client_that_stops_reading_delays_no_other_clients_stream() throws Exception {
        Tenant stalledTenant = Tenant.fresh();
        try (Socket stalled = new Socket();
             EventStream watcher = stream(Tokens.viewer(tenant), "").awaitOpen()) {
            // a client that opens its stream and never reads from it: once the socket's buffers are full, every write
            // to it blocks until the connection times out
            stalled.setReceiveBufferSize(1024);
            stalled.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            stalled.getOutputStream().write(("GET /api/v1/stream HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n"
                    + "Authorization: Bearer " + Tokens.viewer(stalledTenant) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            stalled.getOutputStream().flush();
            Thread.sleep(500);
            // more than the socket buffers hold (the server's send buffer grows to 4 MB): 8 MB of changes
            String longName = "a name long enough to fill a socket's buffers soon ".repeat(200);
            FlowStory last = null;
            for (int i = 0; i < 800; i++) {
                last = story(stalledTenant, T0).created("planning", longName + i);
            }
            awaitProjected(stalledTenant, last);

            FlowStory marker = story(tenant, T0).created("planning", "after the flood");
            awaitProjected(tenant, marker);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            EventStream.Event event;
            do {
                event = watcher.poll(Duration.ofNanos(deadline - System.nanoTime()));
            } while (event != null && !event.data().contains(marker.idText()));
            assertThat(event).as("the watcher's change arrives while the stalled client holds its own").isNotNull();
        }
    }

    @Test
    void the_engagement_filter_narrows_the_stream_to_one_granted_engagement() {
        Tenant second = tenant.otherEngagement();
        String both = Tokens.token(tenant.account(), List.of(tenant.engagement().toString(), second.engagement().toString()),
                Roles.FLOW_VIEWER);
        try (EventStream narrowed = stream(both, "?engagement=" + second.engagement()).awaitOpen()) {
            FlowStory first = story(tenant, T0).created("planning", "first engagement");
            awaitProjected(tenant, first);
            FlowStory wanted = story(second, T0).created("planning", "second engagement");
            awaitProjected(second, wanted);

            assertThat(narrowed.until(event -> true)).extracting(LiveStreamIntegrationTest::flowId).containsExactly(wanted.idText());
        }
        try (EventStream refused = stream(Tokens.viewer(tenant), "?engagement=" + second.engagement())) {
            assertThat(refused.status()).isEqualTo(403);
        }
        String operator = Tokens.token(tenant.account(), List.of(tenant.engagement().toString()), Roles.FLOW_OPERATOR);
        try (EventStream wrongRole = stream(operator, "")) {
            assertThat(wrongRole.status()).isEqualTo(403);
        }
    }

    @Test
    void reconnecting_with_the_last_event_id_delivers_exactly_the_changes_missed_meanwhile() {
        String seen;
        try (EventStream first = stream(Tokens.viewer(tenant), "").awaitOpen()) {
            FlowStory before = story(tenant, T0).created("planning", "seen before the drop");
            awaitProjected(tenant, before);
            first.until(event -> event.data().contains(before.idText()));
            seen = first.lastEventId();
        }
        FlowStory missed = story(tenant, T0).created("planning", "missed");
        awaitProjected(tenant, missed);
        missed.then(new PhaseStarted(null, WAVES, 1, Map.of()));
        awaitProjected(tenant, missed);
        FlowStory alsoMissed = story(tenant, T0).created("planning", "also missed");
        awaitProjected(tenant, alsoMissed);

        try (EventStream resumed = stream(Tokens.viewer(tenant), "", seen)) {
            List<EventStream.Event> received = resumed.until(event -> event.data().contains(alsoMissed.idText()));

            assertThat(received).extracting(event -> flowId(event) + "@" + data(event).path("version").asLong())
                    .containsExactly(missed.idText() + "@0", missed.idText() + "@1", alsoMissed.idText() + "@0");
        }
    }

    @Test
    void a_change_committed_late_with_an_earlier_serial_is_delivered_in_its_place_not_skipped() throws Exception {
        try (EventStream stream = stream(Tokens.viewer(tenant), "").awaitOpen();
             Connection slowBatch = dataSource.getConnection()) {
            // a batch that logs its change first and commits last, as a slow segment of the projection would
            slowBatch.setAutoCommit(false);
            UUID lateFlow = UUID.randomUUID();
            try (PreparedStatement insert = slowBatch.prepareStatement("""
                    INSERT INTO flow_status (flow_id, client_account_id, engagement_id, flow_type, flow_type_version, name,
                            status, auto_advance, created_at, updated_at, version, deleted)
                    VALUES (?, ?, ?, 'planning', 1, 'committed late', 'CREATED', false, now(), now(), 0, false)""")) {
                insert.setObject(1, lateFlow);
                insert.setObject(2, tenant.account());
                insert.setObject(3, tenant.engagement());
                insert.executeUpdate();
            }
            FlowStory quick = story(tenant, T0).created("planning", "committed first");
            awaitProjected(tenant, quick);
            assertThat(serialOf(quick.idText())).as("the quick change took the later serial").isGreaterThan(serialOf(lateFlow.toString()));
            slowBatch.commit();

            // an order by serial alone would have sent the quick change and passed the late one for good
            List<EventStream.Event> received = stream.until(event -> event.data().contains(quick.idText()));
            if (received.size() == 1) {
                received = List.of(received.get(0), stream.until(event -> true).get(0));
            }
            assertThat(received).extracting(LiveStreamIntegrationTest::flowId)
                    .containsExactlyInAnyOrder(lateFlow.toString(), quick.idText());
            try (EventStream resumed = stream(Tokens.viewer(tenant), "", received.get(0).id())) {
                assertThat(resumed.until(event -> true)).extracting(LiveStreamIntegrationTest::flowId)
                        .containsExactly(flowId(received.get(1)));
            }
        }
    }

    @Test
    void a_last_event_id_older_than_the_log_keeps_gets_a_reset_and_then_the_changes_from_now_on() {
        String old;
        try (EventStream first = stream(Tokens.viewer(tenant), "").awaitOpen()) {
            old = first.lastEventId();
            FlowStory swept = story(tenant, T0).created("planning", "swept away");
            awaitProjected(tenant, swept);
            first.until(event -> event.data().contains(swept.idText()));
        }
        changeLog.deleteRecordedBefore(Instant.now().plusSeconds(1));

        try (EventStream resumed = stream(Tokens.viewer(tenant), "", old)) {
            EventStream.Event reset = resumed.until(event -> true).get(0);
            assertThat(reset.name()).isEqualTo("reset");
            assertThat(seal.open("stream1", new ClientAccountId(tenant.account()), reset.id())).contains(changeLog.head().toString());
            FlowStory after = story(tenant, T0).created("planning", "after the reset");
            awaitProjected(tenant, after);
            assertThat(resumed.until(event -> true)).extracting(LiveStreamIntegrationTest::flowId).containsExactly(after.idText());
        }
    }

    @Test
    void the_request_thread_starts_the_response_so_the_feeder_never_writes_headers_under_it() throws Exception {
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (Statement lock = holder.createStatement()) {
                // every read of the change log waits now: the feeder thread cannot send anything on the new stream
                lock.execute("LOCK TABLE flow_change IN ACCESS EXCLUSIVE MODE");
            }
            try (EventStream stream = stream(Tokens.viewer(tenant), "")) {
                assertThat(stream.status()).as("headers written on the request thread").isEqualTo(200);
                assertThat(stream.lastEventId()).as("the position is the feeder's to send").isNull();
                holder.rollback();

                stream.awaitOpen();
                FlowStory flow = story(tenant, T0).created("planning", "after the feeder's wait");
                awaitProjected(tenant, flow);
                assertThat(stream.until(event -> true)).extracting(LiveStreamIntegrationTest::flowId).containsExactly(flow.idText());
            }
        }
    }

    @Test
    void a_last_event_id_this_stream_did_not_write_is_a_problem_naming_the_header() {
        try (EventStream answer = stream(Tokens.viewer(tenant), "", "yesterday")) {
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.body()).contains("\"field\":\"Last-Event-ID\"");
        }
    }

    @Test
    void changes_are_read_in_transaction_order_whatever_the_number_of_digits() {
        for (String xid : List.of("10", "9")) {
            jdbc.update("""
                    INSERT INTO flow_change (xid, flow_id, client_account_id, engagement_id, flow_type, name, status, version, updated_at)
                    VALUES (CAST(? AS xid8), ?, ?, ?, 'planning', 'old change', 'CREATED', 0, now())""",
                    xid, UUID.randomUUID(), tenant.account(), tenant.engagement());
        }
        ChangeFilter filter = new ChangeFilter(new ClientAccountId(tenant.account()),
                EngagementScope.allEngagements(), null);

        assertThat(changeLog.after(filter, ChangePosition.START, 10)).extracting(change -> change.position().xid())
                .containsExactly(9L, 10L);
        assertThat(changeLog.after(filter, ChangePosition.START, 1)).extracting(change -> change.position().xid())
                .containsExactly(9L);
    }

    private EventStream stream(String token, String query) {
        return stream(token, query, null);
    }

    private EventStream stream(String token, String query, String lastEventId) {
        return EventStream.open(port, token, "/api/v1/stream" + query, lastEventId);
    }

    private long serialOf(String flowId) {
        Long serial = jdbc.queryForObject("SELECT max(serial) FROM flow_change WHERE flow_id = ?::uuid", Long.class, flowId);
        return serial == null ? -1 : serial;
    }

    private static String flowId(EventStream.Event event) {
        return data(event).path("flowId").asText();
    }

    private static JsonNode data(EventStream.Event event) {
        try {
            return JSON.readTree(event.data());
        } catch (Exception e) {
            throw new AssertionError("event data is not JSON: " + event.data(), e);
        }
    }
}
