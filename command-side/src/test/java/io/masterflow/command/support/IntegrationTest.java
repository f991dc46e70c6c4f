package io.masterflow.command.support;

import io.masterflow.testsupport.TestPostgres;
import io.masterflow.testsupport.Api;
import io.masterflow.command.CommandSideApplication;
import org.junit.jupiter.api.BeforeEach;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * Base of every integration test: the real application (real Axon configuration, real security chain) on a
 * random port, over a real PostgreSQL. All such tests share one application context and one database, so each
 * test works on flows of its own.
 */
@SpringBootTest(classes = CommandSideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + CommandSideApplication.CONFIG_NAME, "masterflow.scheduler.poll-interval=50ms",
        "masterflow.workers.lease-check=100ms", "masterflow.workers.recheck=100ms",
        "masterflow.limits.accounts.a3000000-0000-0000-0000-000000000000.commands.per-second=1",
        "masterflow.limits.accounts.a3000000-0000-0000-0000-000000000000.commands.burst=3",
        "masterflow.limits.accounts.a4000000-0000-0000-0000-000000000000.inventory-rows=3",
        "masterflow.limits.accounts.a5000000-0000-0000-0000-000000000000.waiting-claims=1",
        "masterflow.limits.accounts.a6000000-0000-0000-0000-000000000000.inventory-bytes=64KB"})
@Import(TestClock.Configuration.class)
public abstract class IntegrationTest {

    /** How long a test waits for what the application does by itself (deadlines, handlers, projections). */
    protected static final Duration PATIENCE = Duration.ofSeconds(15);

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcTemplate jdbc;

    /** The event store's serializer, which opens the personal values sealed in stored metadata. */
    @Autowired
    @Qualifier("eventSerializer")
    protected Serializer eventSerializer;

    protected Api api;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", TestPostgres::url);
        registry.add("spring.datasource.username", TestPostgres::user);
        registry.add("spring.datasource.password", TestPostgres::password);
        registry.add("masterflow.security.jwt.secret", () -> Tokens.SECRET);
    }

    @BeforeEach
    void connect() {
        api = new Api(port, Tokens.operator()).withHeader("X-Engagement-Id", Tokens.ENGAGEMENT);
    }

    protected String createFlow(String flowType, boolean autoAdvance) {
        Api.Response created = api.post("/api/v1/flows", Map.of("flowType", flowType, "name", "flow " + UUID.randomUUID(),
                "configuration", Map.of("source", "test"), "autoAdvance", autoAdvance));
        if (created.status() != 201) {
            throw new AssertionError("could not create a flow: " + created);
        }
        return created.text("flowId");
    }

    protected long eventCount(String flowId) {
        Long count = jdbc.queryForObject("select count(*) from domainevententry where aggregateidentifier = ?", Long.class, flowId);
        return count == null ? 0 : count;
    }

    protected List<String> eventTypes(String flowId) {
        return jdbc.queryForList("select payloadtype from domainevententry where aggregateidentifier = ? order by sequencenumber",
                        String.class, flowId).stream()
                .map(type -> type.substring(type.lastIndexOf('.') + 1))
                .toList();
    }

    /** Waits until the flow's event types satisfy the condition, and returns them. */
    protected List<String> awaitEvents(String flowId, Predicate<List<String>> condition) {
        return await().atMost(PATIENCE).pollInterval(Duration.ofMillis(25))
                .until(() -> eventTypes(flowId), condition::test);
    }

    /** The payload of the flow's event at the given sequence number, as JSON. */
    protected com.fasterxml.jackson.databind.JsonNode event(String flowId, long sequence) {
        byte[] payload = jdbc.queryForObject("select payload from domainevententry where aggregateidentifier = ? and sequencenumber = ?",
                byte[].class, flowId, sequence);
        try {
            return io.masterflow.events.EventSerialization.objectMapper().readTree(payload);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The payload of the flow's event at the given sequence number as every reader of the store gets it: opened. */
    protected Object opened(String flowId, long sequence) {
        Map<String, Object> row = jdbc.queryForMap("select payload, payloadtype, payloadrevision from domainevententry"
                + " where aggregateidentifier = ? and sequencenumber = ?", flowId, sequence);
        return eventSerializer.deserialize(new SimpleSerializedObject<>((byte[]) row.get("payload"), byte[].class,
                (String) row.get("payloadtype"), (String) row.get("payloadrevision")));
    }

    /** The user of the flow's event at the given sequence number, as every reader of the store sees it (opened). */
    protected String userOf(String flowId, long sequence) {
        byte[] metaData = jdbc.queryForObject("select metadata from domainevententry where aggregateidentifier = ? and sequencenumber = ?",
                byte[].class, flowId, sequence);
        org.axonframework.messaging.MetaData opened = eventSerializer.deserialize(new org.axonframework.serialization.SimpleSerializedObject<>(
                metaData, byte[].class, org.axonframework.messaging.MetaData.class.getName(), null));
        return (String) opened.get("userId");
    }
}
