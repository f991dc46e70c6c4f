package io.masterflow.query.webhook;

import io.masterflow.query.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A migration run rolled back forgets its flows through {@code masterflow_forget_flows}: the webhook outbox is a
 * record of what was sent, so what was delivered stays, and only what is still pending for those flows is cancelled.
 */
class ForgottenFlowDeliveriesIntegrationTest extends IntegrationTest {

    @Test
    void forgetting_a_flow_cancels_its_pending_deliveries_and_keeps_the_delivered_ones_and_other_flows() {
        UUID account = UUID.randomUUID();
        UUID webhook = UUID.randomUUID();
        String forgotten = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();
        // far in the future: the senders of the running application leave them alone
        Timestamp later = Timestamp.from(Instant.now().plus(1, ChronoUnit.DAYS));
        jdbc.update("""
                INSERT INTO webhook (webhook_id, client_account_id, url, event_types, secret, created_by, created_at,
                                     from_position, state)
                VALUES (?, ?, 'http://127.0.0.1:9/', ARRAY['FlowCompleted'], 's', 'admin', now(), 0, 'ACTIVE')""",
                webhook, account);
        UUID delivered = delivery(webhook, forgotten, 0, "DELIVERED", later);
        UUID pending = delivery(webhook, forgotten, 1, "PENDING", later);
        UUID otherPending = delivery(webhook, other, 0, "PENDING", later);

        jdbc.queryForObject("SELECT masterflow_forget_flows(ARRAY[?], ARRAY[?::uuid])", Long.class, forgotten, account.toString());

        assertThat(state(delivered)).isEqualTo("DELIVERED");
        assertThat(state(pending)).isEqualTo("CANCELLED");
        assertThat(jdbc.queryForObject("SELECT last_error FROM webhook_delivery WHERE delivery_id = ?", String.class, pending))
                .isEqualTo("its event was rolled back with its migration run");
        assertThat(state(otherPending)).isEqualTo("PENDING");
    }

    private UUID delivery(UUID webhook, String flow, long version, String state, Timestamp next) {
        UUID id = UUID.randomUUID();
        jdbc.update("""
                INSERT INTO webhook_delivery (delivery_id, webhook_id, event_id, event_type, global_position, flow_id,
                                              flow_version, body, state, created_at, next_attempt_at, delivered_at)
                VALUES (?, ?, ?, 'FlowCompleted', ?, ?, ?, '{}', ?, now(), ?, CASE WHEN ? = 'DELIVERED' THEN now() END)""",
                id, webhook, UUID.randomUUID().toString(), 1_000_000_000L + version, flow, version, state, next, state);
        return id;
    }

    private String state(UUID delivery) {
        return jdbc.queryForObject("SELECT state FROM webhook_delivery WHERE delivery_id = ?", String.class, delivery);
    }
}
