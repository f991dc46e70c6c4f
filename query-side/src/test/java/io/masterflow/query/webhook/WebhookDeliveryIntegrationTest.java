package io.masterflow.query.webhook;

import io.masterflow.testsupport.Api;
import com.fasterxml.jackson.databind.JsonNode;
import io.masterflow.events.FlowCompleted;
import io.masterflow.events.PhaseCompleted;
import io.masterflow.events.PhaseName;
import io.masterflow.events.PhaseDefinition;
import io.masterflow.events.PhaseStarted;
import io.masterflow.events.RetryPolicy;
import io.masterflow.query.axon.QueryProcessors;
import io.masterflow.query.support.FlowStory;
import io.masterflow.query.support.IntegrationTest;
import io.masterflow.query.support.Receiver;
import io.masterflow.query.support.Tenant;
import io.masterflow.query.support.Tokens;
import io.masterflow.testsupport.Scrape;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deliveries from events appended to the real event store, through the webhooks processor and the sender, to a
 * receiver on loopback (the test application allows private addresses and retries within milliseconds; see
 * {@link Receiver#TEST_SETTINGS}).
 */
class WebhookDeliveryIntegrationTest extends IntegrationTest {

    private static final String SECRET = "the-receivers-secret-of-32-characters";
    private static final PhaseName FIRST_PHASE = PhaseName.of("wave_planning");

    @Test
    void an_event_a_webhook_wants_is_posted_signed_with_its_secret_and_listed_as_delivered() {
        Tenant tenant = Tenant.fresh();
        Api admin = api(Tokens.admin(tenant));
        try (Receiver receiver = Receiver.start()) {
            FlowStory before = completedFlow(tenant, "stored before the webhook was created");
            String webhook = create(admin, receiver, "\"PhaseCompleted\", \"FlowCompleted\"", null);
            FlowStory flow = story(tenant, Instant.parse("2025-08-01T10:00:00Z")).created("planning", "signed");
            flow.then(new PhaseStarted(flow.id(), FIRST_PHASE, 1, Map.of()))
                    .then(new PhaseCompleted(flow.id(), FIRST_PHASE, 1, Map.of("waves", 4), Duration.ofSeconds(5)))
                    .then(new FlowCompleted(flow.id()));

            List<Receiver.Request> received = receiver.await(requests -> requests.size() == 2, "both deliveries arrived");
            awaitWebhooksPassed(before, flow);
            assertThat(receiver.requests()).as("nothing else: not the events it does not want, nor those from before it")
                    .hasSize(2);

            Instant now = Instant.now();
            for (Receiver.Request request : received) {
                JsonNode body = request.json();
                assertThat(request.signedWith(SECRET)).as("the receiver's check of the signature").isTrue();
                assertThat(request.signedWith("some-other-secret-of-32-characters")).isFalse();
                assertThat(request.header("Content-Type")).startsWith("application/json");
                assertThat(request.header("X-Masterflow-Delivery")).isEqualTo(body.path("deliveryId").asText());
                assertThat(request.header("X-Masterflow-Event")).isEqualTo(body.path("eventType").asText());
                assertThat(request.header("X-Masterflow-Webhook")).isEqualTo(webhook).isEqualTo(body.path("webhookId").asText());
                assertThat(Instant.ofEpochSecond(Long.parseLong(request.header("X-Masterflow-Timestamp"))))
                        .isBetween(now.minusSeconds(60), now.plusSeconds(1));
                assertThat(body.path("flowId").asText()).isEqualTo(flow.idText());
                assertThat(body.path("accountId").asText()).isEqualTo(tenant.account().toString());
                assertThat(body.path("engagementId").asText()).isEqualTo(tenant.engagement().toString());
                assertThat(body.path("userId").asText()).isEqualTo("alice");
            }
            JsonNode phaseCompleted = received.get(0).json();
            assertThat(phaseCompleted.path("eventType").asText()).isEqualTo("PhaseCompleted");
            assertThat(phaseCompleted.path("flowVersion").asLong()).isEqualTo(2);
            assertThat(phaseCompleted.path("occurredAt").asText()).isEqualTo("2025-08-01T10:00:02Z");
            assertThat(phaseCompleted.path("data").path("phase").asText()).isEqualTo("wave_planning");
            assertThat(phaseCompleted.path("data").path("output").path("waves").asInt()).isEqualTo(4);
            assertThat(received.get(1).json().path("eventType").asText()).isEqualTo("FlowCompleted");

            Api.Response firstPage = admin.get("/api/v1/webhooks/" + webhook + "/deliveries?limit=1");
            JsonNode newest = firstPage.body().path("items").path(0);
            assertThat(newest.path("eventType").asText()).as("newest first").isEqualTo("FlowCompleted");
            assertThat(newest.path("deliveryId").asText()).isEqualTo(received.get(1).header("X-Masterflow-Delivery"));
            assertThat(newest.path("state").asText()).isEqualTo("DELIVERED");
            assertThat(newest.path("attempts").asInt()).isEqualTo(1);
            assertThat(newest.path("lastStatus").asInt()).isEqualTo(200);
            assertThat(newest.path("deliveredAt").isNull()).isFalse();
            assertThat(newest.has("globalPosition")).as("the event store's position counts other tenants' events").isFalse();
            JsonNode older = admin.get("/api/v1/webhooks/" + webhook + "/deliveries?limit=1&cursor="
                    + firstPage.text("nextCursor")).body();
            assertThat(older.path("items").path(0).path("eventType").asText()).isEqualTo("PhaseCompleted");
            assertThat(older.path("nextCursor").isNull()).isTrue();
            assertThat(admin.get("/api/v1/webhooks/" + webhook).text("lastDeliveredAt")).isNotEmpty();
        }
    }

    @Test
    void personal_fields_are_kept_sealed_in_a_delivery_opened_as_it_goes_and_erased_with_the_account() {
        Tenant tenant = Tenant.fresh();
        String contact = "jane-" + UUID.randomUUID() + "@example.org";
        List<PhaseDefinition> phases = List.of(new PhaseDefinition(FIRST_PHASE, true, null, RetryPolicy.NONE, List.of(), null,
                List.of("input.contactEmail")));
        try (Receiver receiver = Receiver.start()) {
            AtomicBoolean refusing = new AtomicBoolean();
            receiver.answering(request -> refusing.get() ? 503 : 200);
            create(api(Tokens.admin(tenant)), receiver, "\"PhaseStarted\"", null);
            FlowStory flow = story(tenant, Instant.parse("2025-08-01T10:00:00Z")).created("intake", "personal", phases);
            flow.thenWithPersonal(new PhaseStarted(flow.id(), FIRST_PHASE, 1, Map.of("contactEmail", contact, "ticket", "T-1")),
                    "input.contactEmail");

            Receiver.Request first = receiver.await(requests -> requests.size() == 1, "the delivery arrived").get(0);
            assertThat(first.json().path("data").path("input").path("contactEmail").asText()).isEqualTo(contact);
            assertThat(first.json().path("data").path("input").path("ticket").asText()).isEqualTo("T-1");
            assertThat(first.signedWith(SECRET)).as("signed over the bytes sent").isTrue();
            assertThat(jdbc.queryForList("SELECT body FROM webhook_delivery WHERE flow_id = ?", String.class, flow.idText()))
                    .as("the delivery keeps the value sealed").hasSize(1).allSatisfy(body -> assertThat(body).doesNotContain(contact));

            refusing.set(true);
            flow.thenWithPersonal(new PhaseStarted(flow.id(), FIRST_PHASE, 2, Map.of("contactEmail", contact, "ticket", "T-2")),
                    "input.contactEmail");
            receiver.await(requests -> requests.size() >= 2, "the second delivery was refused and is pending");
            Api.Response erased = api(Tokens.platformOperator()).post("/api/v1/admin/erasure",
                    Map.of("accountId", tenant.account().toString()));
            assertThat(erased.status()).as(erased.text()).isEqualTo(200);
            refusing.set(false);

            Receiver.Request pending = receiver.await(requests -> requests.stream().anyMatch(request -> request.accepted()
                    && request.json().path("data").path("attempt").asInt() == 2), "the pending delivery went")
                    .stream().filter(Receiver.Request::accepted).reduce((earlier, later) -> later).orElseThrow();
            assertThat(pending.json().path("data").path("input").path("contactEmail").asText()).isEqualTo("[erased]");
            assertThat(pending.json().path("data").path("input").path("ticket").asText()).isEqualTo("T-2");
            assertThat(pending.signedWith(SECRET)).isTrue();
        }
    }

    @Test
    void a_receiver_that_fails_and_then_recovers_gets_the_same_delivery_again() {
        Tenant tenant = Tenant.fresh();
        try (Receiver receiver = Receiver.start()) {
            receiver.answering(request -> receiver.requests().size() < 2 ? 503 : 200);
            Scrape before = Scrape.of(managementPort);
            String webhook = create(api(Tokens.admin(tenant)), receiver, "\"FlowCompleted\"", null);
            FlowStory flow = story(tenant, Instant.parse("2025-08-02T10:00:00Z")).created("planning", "retried");
            flow.then(new FlowCompleted(flow.id()));

            List<Receiver.Request> attempts = receiver.await(requests -> requests.stream().anyMatch(Receiver.Request::accepted),
                    "the receiver accepted the delivery");

            assertThat(attempts).extracting(Receiver.Request::answered).containsExactly(503, 503, 200);
            assertThat(attempts).extracting(request -> request.header("X-Masterflow-Delivery")).containsOnly(
                    attempts.get(0).header("X-Masterflow-Delivery"));
            assertThat(attempts).extracting(Receiver.Request::body).as("the same bytes every time").containsOnly(attempts.get(0).body());
            assertThat(attempts).allMatch(request -> request.signedWith(SECRET), "each attempt signed");
            JsonNode delivery = awaitDelivery(tenant, webhook, "DELIVERED");
            assertThat(delivery.path("attempts").asInt()).isEqualTo(3);
            assertThat(delivery.path("lastStatus").asInt()).isEqualTo(200);
            assertThat(delivery.path("lastError").isNull()).isTrue();

            // counted once the outcome is stored, a moment after the listing shows it
            eventually(() -> attempts(Scrape.of(managementPort), "FlowCompleted", "delivered")
                    - attempts(before, "FlowCompleted", "delivered") == 1, "the delivered attempt counted");
            Scrape after = Scrape.of(managementPort);
            assertThat(attempts(after, "FlowCompleted", "retrying") - attempts(before, "FlowCompleted", "retrying")).isEqualTo(2);
            assertThat(attempts(after, "FlowCompleted", "delivered") - attempts(before, "FlowCompleted", "delivered")).isEqualTo(1);
            assertThat(after.value("masterflow_webhooks_answer_time_seconds_count", "answer", "refused")
                    - before.value("masterflow_webhooks_answer_time_seconds_count", "answer", "refused")).isEqualTo(2);
            assertThat(after.text()).as("no webhook, receiver or account in the scrape")
                    .doesNotContain(webhook, receiver.url(), tenant.account().toString());
        }
    }

    private static double attempts(Scrape scrape, String eventType, String outcome) {
        return scrape.value("masterflow_webhooks_attempts_total", "event_type", eventType, "outcome", outcome);
    }

    @Test
    void a_flows_events_reach_a_receiver_in_order_while_other_flows_go_on() throws InterruptedException {
        Tenant tenant = Tenant.fresh();
        try (Receiver receiver = Receiver.start()) {
            CountDownLatch otherFlowArrived = new CountDownLatch(1);
            FlowStory held = story(tenant, Instant.parse("2025-08-03T10:00:00Z")).created("planning", "held back");
            FlowStory other = story(tenant, Instant.parse("2025-08-03T10:00:00Z")).created("planning", "goes on");
            receiver.answering(request -> {
                JsonNode body = request.json();
                if (body.path("flowId").asText().equals(other.idText())) {
                    otherFlowArrived.countDown();
                    return 200;
                }
                // the held flow's first event is refused until the other flow's event got through
                return body.path("flowVersion").asLong() == 1 && otherFlowArrived.getCount() > 0 ? 500 : 200;
            });
            create(api(Tokens.admin(tenant)), receiver, "\"PhaseStarted\", \"PhaseCompleted\", \"FlowCompleted\"", null);

            held.then(new PhaseStarted(held.id(), FIRST_PHASE, 1, Map.of()))
                    .then(new PhaseCompleted(held.id(), FIRST_PHASE, 1, Map.of(), Duration.ofSeconds(1)))
                    .then(new FlowCompleted(held.id()));
            receiver.await(requests -> requests.stream().anyMatch(request -> !request.accepted()), "the held flow's first event was refused");
            other.then(new PhaseStarted(other.id(), FIRST_PHASE, 1, Map.of()));

            List<Receiver.Request> received = receiver.await(requests -> requests.stream()
                    .filter(request -> request.accepted() && request.json().path("flowId").asText().equals(held.idText())).count() == 3,
                    "the held flow's three events were delivered");
            List<Long> heldVersions = received.stream().filter(request -> request.json().path("flowId").asText().equals(held.idText()))
                    .map(request -> request.json().path("flowVersion").asLong()).toList();
            assertThat(heldVersions).as("refused, then each one after the one before: never a later one first")
                    .startsWith(1L).endsWith(1L, 2L, 3L).isSorted();
            int otherFlow = indexOf(received, other);
            int heldDelivered = received.indexOf(received.stream().filter(request -> request.accepted()
                    && request.json().path("flowId").asText().equals(held.idText())).findFirst().orElseThrow());
            assertThat(otherFlow).as("the other flow did not wait for the held one").isLessThan(heldDelivered);
        }
    }

    @Test
    void events_of_other_accounts_and_other_engagements_never_reach_a_webhook() {
        Tenant tenant = Tenant.fresh();
        Tenant otherEngagement = tenant.otherEngagement();
        Tenant otherAccount = Tenant.fresh();
        try (Receiver receiver = Receiver.start(); Receiver othersReceiver = Receiver.start()) {
            create(api(Tokens.admin(tenant)), receiver, "\"FlowCompleted\"", tenant.engagement().toString());
            create(api(Tokens.admin(otherAccount)), othersReceiver, "\"FlowCompleted\"", null);
            FlowStory elsewhere = completedFlow(otherAccount, "another account's");
            FlowStory sibling = completedFlow(otherEngagement, "another engagement's");
            FlowStory own = completedFlow(tenant, "its own");

            receiver.await(requests -> !requests.isEmpty(), "its own flow's event arrived");
            awaitWebhooksPassed(elsewhere, sibling, own);
            assertThat(receiver.requests()).extracting(request -> request.json().path("flowId").asText()).containsExactly(own.idText());
            othersReceiver.await(requests -> !requests.isEmpty(), "the other account's own webhook got its event");
            assertThat(othersReceiver.requests()).extracting(request -> request.json().path("flowId").asText())
                    .containsExactly(elsewhere.idText());
        }
    }

    @Test
    void a_delivery_refused_for_the_whole_retry_window_fails_and_its_flows_next_event_goes_out() {
        Tenant tenant = Tenant.fresh();
        try (Receiver receiver = Receiver.start()) {
            FlowStory refused = story(tenant, Instant.parse("2025-08-04T10:00:00Z")).created("planning", "refused");
            receiver.answering(request -> request.json().path("flowId").asText().equals(refused.idText())
                    && request.json().path("flowVersion").asLong() == 1 ? 422 : 200);
            String webhook = create(api(Tokens.admin(tenant)), receiver, "\"PhaseStarted\", \"FlowCompleted\"", null);
            refused.then(new PhaseStarted(refused.id(), FIRST_PHASE, 1, Map.of())).then(new FlowCompleted(refused.id()));
            receiver.await(requests -> !requests.isEmpty(), "the first attempt");
            // the receiver takes other deliveries meanwhile: it is one event that is refused, not the receiver that is down
            FlowStory taken = completedFlow(tenant, "taken");
            receiver.await(requests -> requests.stream().anyMatch(request -> request.accepted()
                    && request.json().path("flowId").asText().equals(taken.idText())), "the other flow's event was taken");
            retryWindowPasses(webhook);

            List<Receiver.Request> received = receiver.await(requests -> requests.stream().anyMatch(request -> request.accepted()
                            && request.json().path("flowId").asText().equals(refused.idText())),
                    "the refused flow's next event went out once the first failed for good");
            JsonNode failed = deliveries(tenant, webhook, "failed").path(0);
            assertThat(failed.path("flowId").asText()).isEqualTo(refused.idText());
            assertThat(failed.path("flowVersion").asLong()).isEqualTo(1);
            assertThat(failed.path("attempts").asInt()).isGreaterThan(1);
            assertThat(failed.path("lastStatus").asInt()).isEqualTo(422);
            assertThat(failed.path("lastError").asText()).startsWith("HTTP 422");
            assertThat(api(Tokens.admin(tenant)).get("/api/v1/webhooks/" + webhook).text("state")).isEqualTo("ACTIVE");
        }
    }

    @Test
    void a_receiver_that_refuses_everything_for_the_retry_window_is_disabled_with_the_reason() {
        Tenant tenant = Tenant.fresh();
        Api admin = api(Tokens.admin(tenant));
        try (Receiver receiver = Receiver.start()) {
            receiver.answering(request -> 500);
            Scrape before = Scrape.of(managementPort);
            String webhook = create(admin, receiver, "\"PhaseStarted\", \"FlowCompleted\"", null);
            FlowStory flow = story(tenant, Instant.parse("2025-08-05T10:00:00Z")).created("planning", "never taken");
            flow.then(new PhaseStarted(flow.id(), FIRST_PHASE, 1, Map.of())).then(new FlowCompleted(flow.id()));
            receiver.await(requests -> requests.size() >= 2, "a few refused attempts");
            retryWindowPasses(webhook);

            eventually(() -> admin.get("/api/v1/webhooks/" + webhook).text("state").equals("DISABLED"), "the webhook was disabled");
            JsonNode disabled = admin.get("/api/v1/webhooks/" + webhook).body();
            assertThat(disabled.path("disabledReason").asText()).contains("refused every delivery").contains("HTTP 500");
            assertThat(disabled.path("disabledAt").isNull()).isFalse();
            eventually(() -> attempts(Scrape.of(managementPort), "PhaseStarted", "webhook_disabled")
                    - attempts(before, "PhaseStarted", "webhook_disabled") == 1, "the attempt that disabled the webhook counted");
            assertThat(deliveries(tenant, webhook, "failed")).extracting(item -> item.path("flowVersion").asLong()).containsExactly(1L);
            assertThat(deliveries(tenant, webhook, "cancelled")).extracting(item -> item.path("flowVersion").asLong()).containsExactly(2L);

            int attempts = receiver.requests().size();
            FlowStory later = completedFlow(tenant, "after it was disabled");
            awaitWebhooksPassed(later);
            assertThat(deliveries(tenant, webhook, null)).as("a disabled webhook gets no new deliveries").hasSize(2);
            assertThat(receiver.requests()).hasSize(attempts);
        }
    }

    @Test
    void a_disabled_webhook_enabled_again_gets_the_events_stored_from_then_on_and_keeps_its_history() {
        Tenant tenant = Tenant.fresh();
        Api admin = api(Tokens.admin(tenant));
        try (Receiver receiver = Receiver.start()) {
            receiver.answering(request -> 503);
            String webhook = create(admin, receiver, "\"PhaseStarted\", \"FlowCompleted\"", null);
            FlowStory refused = story(tenant, Instant.parse("2025-08-07T10:00:00Z")).created("planning", "refused while down");
            refused.then(new PhaseStarted(refused.id(), FIRST_PHASE, 1, Map.of())).then(new FlowCompleted(refused.id()));
            receiver.await(requests -> requests.size() >= 2, "a few refused attempts");
            retryWindowPasses(webhook);
            eventually(() -> admin.get("/api/v1/webhooks/" + webhook).text("state").equals("DISABLED"), "the webhook was disabled");
            FlowStory whileDisabled = completedFlow(tenant, "while it was disabled");
            awaitWebhooksPassed(whileDisabled);

            receiver.answering(request -> 200);
            Api.Response enabled = admin.post("/api/v1/webhooks/" + webhook + "/enable");

            assertThat(enabled.status()).as(enabled.text()).isEqualTo(200);
            assertThat(enabled.text("state")).isEqualTo("ACTIVE");
            assertThat(enabled.body().path("disabledAt").isNull()).isTrue();
            assertThat(enabled.body().path("disabledReason").isNull()).isTrue();
            FlowStory next = completedFlow(tenant, "after it was enabled");
            List<Receiver.Request> received = receiver.await(requests -> requests.stream().anyMatch(request -> request.accepted()
                    && request.json().path("flowId").asText().equals(next.idText())), "the next event was delivered");
            awaitWebhooksPassed(next);
            assertThat(received.stream().filter(Receiver.Request::accepted).map(request -> request.json().path("flowId").asText()))
                    .as("only the event stored after enabling: neither the cancelled one nor those stored while disabled")
                    .containsExactly(next.idText());
            assertThat(received.stream().filter(Receiver.Request::accepted).findFirst().orElseThrow().signedWith(SECRET)).isTrue();
            JsonNode delivered = awaitDelivery(tenant, webhook, "DELIVERED");
            assertThat(delivered.path("flowId").asText()).isEqualTo(next.idText());
            assertThat(deliveries(tenant, webhook, "cancelled")).as("the history stays: cancelled ones are not sent again")
                    .extracting(item -> item.path("flowId").asText() + " v" + item.path("flowVersion").asLong())
                    .containsExactly(refused.idText() + " v2");
            assertThat(deliveries(tenant, webhook, "failed")).extracting(item -> item.path("flowVersion").asLong()).containsExactly(1L);
            assertThat(admin.get("/api/v1/webhooks/" + webhook).text("lastDeliveredAt")).isNotEmpty();
        }
    }

    @Test
    void a_webhook_disabled_by_an_admin_cancels_its_pending_deliveries_and_gets_nothing_until_enabled_again() {
        Tenant tenant = Tenant.fresh();
        Api admin = api(Tokens.admin(tenant));
        try (Receiver receiver = Receiver.start()) {
            receiver.answering(request -> 503);
            String webhook = create(admin, receiver, "\"FlowCompleted\"", null);
            FlowStory refused = completedFlow(tenant, "refused while down");
            receiver.await(requests -> !requests.isEmpty(), "a refused attempt");

            Api.Response disabled = admin.post("/api/v1/webhooks/" + webhook + "/disable");

            assertThat(disabled.status()).as(disabled.text()).isEqualTo(200);
            assertThat(disabled.text("state")).isEqualTo("DISABLED");
            assertThat(deliveries(tenant, webhook, "cancelled")).extracting(item -> item.path("flowId").asText())
                    .as("its pending delivery is cancelled, not sent again").containsExactly(refused.idText());
            assertThat(deliveries(tenant, webhook, "pending")).isEmpty();
            receiver.answering(request -> 200);
            FlowStory whileDisabled = completedFlow(tenant, "while it was disabled");
            awaitWebhooksPassed(whileDisabled);
            assertThat(deliveries(tenant, webhook, null)).as("a disabled webhook gets no new deliveries").hasSize(1);
            assertThat(receiver.requests()).noneMatch(Receiver.Request::accepted);

            assertThat(admin.post("/api/v1/webhooks/" + webhook + "/enable").status()).isEqualTo(200);
            FlowStory next = completedFlow(tenant, "after it was enabled");
            receiver.await(requests -> requests.stream().anyMatch(request -> request.accepted()
                    && request.json().path("flowId").asText().equals(next.idText())), "the next event was delivered");
            assertThat(awaitDelivery(tenant, webhook, "DELIVERED").path("flowId").asText()).isEqualTo(next.idText());
        }
    }

    private String create(Api admin, Receiver receiver, String events, String engagement) {
        Api.Response created = admin.post("/api/v1/webhooks", "{\"url\": \"" + receiver.url() + "\", \"events\": [" + events + "], "
                + (engagement == null ? "" : "\"engagements\": [\"" + engagement + "\"], ") + "\"secret\": \"" + SECRET + "\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.text("webhookId");
    }

    private FlowStory completedFlow(Tenant tenant, String name) {
        FlowStory flow = story(tenant, Instant.parse("2025-08-06T10:00:00Z")).created("planning", name);
        return flow.then(new FlowCompleted(flow.id()));
    }

    private JsonNode deliveries(Tenant tenant, String webhook, String state) {
        Api.Response page = api(Tokens.admin(tenant)).get("/api/v1/webhooks/" + webhook + "/deliveries"
                + (state == null ? "" : "?state=" + state));
        assertThat(page.status()).as(page.text()).isEqualTo(200);
        return page.body().path("items");
    }

    private JsonNode awaitDelivery(Tenant tenant, String webhook, String state) {
        eventually(() -> deliveries(tenant, webhook, state).size() == 1, "a delivery is " + state);
        return deliveries(tenant, webhook, state).path(0);
    }

    /**
     * A day passes for the webhook's pending deliveries that were tried (their first attempt moves back by the retry
     * window's 24 hours): the next attempt is their last. Waiting a day, or a window shortened for every test, would not do.
     */
    private void retryWindowPasses(String webhook) {
        eventually(() -> jdbc.update("""
                UPDATE webhook_delivery SET first_attempt_at = first_attempt_at - interval '1 day'
                WHERE webhook_id = ?::uuid AND state = 'PENDING' AND first_attempt_at > now() - interval '1 day'""", webhook) > 0,
                "a pending delivery of webhook " + webhook + " was tried");
    }

    /** Waits until every segment of the webhooks processor stands at or past the stories' last events. */
    private void awaitWebhooksPassed(FlowStory... stories) {
        long last = 0;
        for (FlowStory story : stories) {
            Long index = jdbc.queryForObject("SELECT globalindex FROM domainevententry WHERE aggregateidentifier = ? AND sequencenumber = ?",
                    Long.class, story.idText(), story.version());
            last = Math.max(last, index == null ? 0 : index);
        }
        long position = last;
        eventually(() -> {
            Long behind = jdbc.queryForObject("""
                    SELECT count(*) FROM query_token_entry WHERE processorname = ?
                      AND (token IS NULL OR (convert_from(token, 'UTF8')::jsonb ->> 'index')::bigint < ?)""",
                    Long.class, QueryProcessors.WEBHOOKS, position);
            return behind != null && behind == 0;
        }, "the webhooks processor passed global index " + position);
    }

    private static int indexOf(List<Receiver.Request> received, FlowStory flow) {
        for (int index = 0; index < received.size(); index++) {
            if (received.get(index).json().path("flowId").asText().equals(flow.idText())) {
                return index;
            }
        }
        throw new AssertionError("flow " + flow.id() + " never reached the receiver");
    }
}
