package io.masterflow.query.webhook;

import io.masterflow.testsupport.TestPostgres;
import io.masterflow.testsupport.Api;
import com.fasterxml.jackson.databind.JsonNode;
import io.masterflow.events.FlowCompleted;
import io.masterflow.query.support.FlowStory;
import io.masterflow.query.support.Nodes;
import io.masterflow.query.support.Receiver;
import io.masterflow.query.support.Tenant;
import io.masterflow.query.support.Tokens;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.masterflow.query.support.IntegrationTest.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deliveries live in the database and come from the event store, not from a node's memory: what was pending when a
 * node stopped, what a node that died had claimed, and what was stored while no node ran are all sent by the next.
 */
class WebhookRestartIntegrationTest {

    private final Tenant tenant = Tenant.fresh();
    private final String database = TestPostgres.eventStoreDatabase("webhooks_" + tenant.account().toString().substring(0, 8));
    private final JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(database, TestPostgres.user(), TestPostgres.password()));

    @Test
    void deliveries_pending_when_a_node_stops_are_sent_by_the_next_one() {
        try (Receiver receiver = Receiver.start()) {
            receiver.answering(request -> 503);
            String webhook;
            FlowStory pending;
            FlowStory claimedByTheDead;
            try (ConfigurableApplicationContext first = node("first")) {
                webhook = create(admin(first), receiver);
                EventStore events = first.getBean(EventStore.class);
                pending = completedFlow(events, "pending when the node stopped");
                claimedByTheDead = completedFlow(events, "claimed by a node that died");
                receiver.await(requests -> requests.size() >= 2, "both deliveries were attempted and refused");
            }
            // a node that died mid-send: its claim on the delivery runs out, then it is sent again
            jdbc.update("""
                    UPDATE webhook_delivery SET claimed_by = 'a-node-that-died', claimed_until = now() + interval '2 seconds'
                    WHERE flow_id = ?""", claimedByTheDead.idText());
            FlowStory storedWhileDown = completedFlow(storeWithoutQuerySide(), "stored while no node ran");
            receiver.answering(request -> 200);

            try (ConfigurableApplicationContext second = node("second")) {
                List<Receiver.Request> received = receiver.await(requests -> accepted(requests).size() == 3,
                        "every delivery was accepted");
                assertThat(accepted(received)).containsExactlyInAnyOrder(pending.idText(), claimedByTheDead.idText(),
                        storedWhileDown.idText());
                // the node records the receiver's answer just after the receiver has given it
                eventually(() -> deliveries(second, webhook).findValuesAsText("state").stream().allMatch("DELIVERED"::equals),
                        "every delivery is recorded as delivered");
                JsonNode deliveries = deliveries(second, webhook);
                assertThat(deliveries).extracting(item -> item.path("state").asText()).containsOnly("DELIVERED");
                assertThat(deliveries).filteredOn(item -> item.path("flowId").asText().equals(pending.idText()))
                        .extracting(item -> item.path("attempts").asInt()).allMatch(attempts -> attempts >= 2);
            }
        }
    }

    private JsonNode deliveries(ConfigurableApplicationContext node, String webhook) {
        return admin(node).get("/api/v1/webhooks/" + webhook + "/deliveries").body().path("items");
    }

    private static List<String> accepted(List<Receiver.Request> requests) {
        return requests.stream().filter(Receiver.Request::accepted).map(request -> request.json().path("flowId").asText()).toList();
    }

    private ConfigurableApplicationContext node(String name) {
        Map<String, String> settings = new TreeMap<>(Receiver.TEST_SETTINGS);
        settings.put("masterflow.query.node-id", name);
        return Nodes.start(database, TestPostgres.user(), TestPostgres.password(), settings.entrySet().stream()
                .map(setting -> "--" + setting.getKey() + "=" + setting.getValue()).toArray(String[]::new));
    }

    private Api admin(ConfigurableApplicationContext node) {
        return new Api(node.getEnvironment().getRequiredProperty("local.server.port", Integer.class), Tokens.admin(tenant));
    }

    private static String create(Api admin, Receiver receiver) {
        Api.Response created = admin.post("/api/v1/webhooks", "{\"url\": \"" + receiver.url()
                + "\", \"events\": [\"FlowCompleted\"], \"secret\": \"a-secret-the-receiver-knows-too\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.text("webhookId");
    }

    private FlowStory completedFlow(EventStore events, String name) {
        FlowStory flow = new FlowStory(events, tenant, Instant.parse("2025-09-01T10:00:00Z")).created("planning", name);
        return flow.then(new FlowCompleted(flow.id()));
    }

    /** The event store as the command side writes it, with no query side running. */
    private EventStore storeWithoutQuerySide() {
        return EmbeddedEventStore.builder().storageEngine(Nodes.eventStorage(
                new DriverManagerDataSource(database, TestPostgres.user(), TestPostgres.password()))).build();
    }
}
