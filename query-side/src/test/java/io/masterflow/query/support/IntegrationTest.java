package io.masterflow.query.support;

import io.masterflow.testsupport.TestPostgres;
import io.masterflow.testsupport.Api;
import io.masterflow.query.QuerySideApplication;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of every integration test: the real application (real Axon processors, real security chain) on a random
 * port, over a real PostgreSQL holding the command side's event store. All such tests share one application
 * context and one database, so each test works in a tenant of its own.
 */
// with the meter registries of production (Prometheus's among them), which Boot's tests leave out unless asked
@AutoConfigureObservability(tracing = false)
@SpringBootTest(classes = QuerySideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + QuerySideApplication.CONFIG_NAME,
                "masterflow.limits.accounts." + Tenant.STREAM_LIMITED + ".live-streams=1",
                "masterflow.limits.accounts." + Tenant.WAIT_LIMITED + ".waiting-reads=1",
                "masterflow.limits.accounts." + Tenant.EXPORT_LIMITED + ".exports=0",
                "masterflow.limits.accounts." + Tenant.READ_LIMITED + ".reads.per-second=1",
                "masterflow.limits.accounts." + Tenant.READ_LIMITED + ".reads.burst=2"})
public abstract class IntegrationTest {

    @LocalServerPort
    protected int port;

    /** The actuator's own port (health with details, metrics, the Prometheus scrape), as in production. */
    @LocalManagementPort
    protected int managementPort;

    @Autowired
    protected JdbcTemplate jdbc;

    @Autowired
    protected EventStore eventStore;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", TestPostgres::eventStore);
        registry.add("spring.datasource.username", TestPostgres::user);
        registry.add("spring.datasource.password", TestPostgres::password);
        registry.add("masterflow.security.jwt.secret", () -> Tokens.SECRET);
        Receiver.TEST_SETTINGS.forEach((name, value) -> registry.add(name, () -> value));
    }

    protected Api api(String token) {
        return new Api(port, token);
    }

    protected Api management(String token) {
        return new Api(managementPort, token);
    }

    protected FlowStory story(Tenant tenant, Instant start) {
        return new FlowStory(eventStore, tenant, start);
    }

    /** Waits, through the API's own read-your-writes wait, until the read model holds the story's latest version. */
    protected void awaitProjected(Tenant tenant, FlowStory story) {
        Api.Response flow = api(Tokens.viewer(tenant)).get("/api/v1/flows/" + story.id()
                + "?minVersion=" + story.version() + "&waitMs=5000");
        assertThat(flow.status()).as("flow %s reached the read model: %s", story.id(), flow.text()).isEqualTo(200);
        assertThat(flow.header("X-Read-Model-Stale")).as("the read model caught up in time").isNull();
    }

    /** Waits until the audit trail holds every event of the story (the audit projection runs on its own). */
    protected void awaitAudited(FlowStory story) {
        eventually(() -> {
            Long count = jdbc.queryForObject("SELECT count(*) FROM audit_entry WHERE flow_id = ?", Long.class, story.idText());
            return count != null && count == story.version() + 1;
        }, "the audit trail holds every event of flow " + story.id());
    }

    public static void eventually(BooleanSupplier condition, String what) {
        eventually(Duration.ofSeconds(15), condition, what);
    }

    public static void eventually(Duration within, BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
