package io.masterflow.query.axon;

import io.masterflow.testsupport.Api;
import com.fasterxml.jackson.databind.JsonNode;
import io.masterflow.events.FlowId;
import io.masterflow.query.support.FlowStory;
import io.masterflow.query.support.IntegrationTest;
import io.masterflow.query.support.Tenant;
import io.masterflow.query.support.Tokens;
import org.axonframework.eventhandling.Segment;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever the event store holds is projected: an event the command side once accepted with a character PostgreSQL
 * cannot store shows up for its owner, and an event the database still refuses goes to the dead-letter queue while
 * the processor goes on with every other flow, those of its own segment included.
 */
class StoredEventsAlwaysProjectIntegrationTest extends IntegrationTest {

    private static final Instant T0 = Instant.parse("2025-08-01T09:00:00Z");

    @Test
    void a_flow_named_with_a_nul_shows_up_for_its_owner_with_the_replacement_character() {
        Tenant tenant = Tenant.fresh();

        FlowStory flow = story(tenant, T0).created("planning", "a\u0000b");

        awaitProjected(tenant, flow);
        awaitAudited(flow);
        JsonNode shown = api(Tokens.viewer(tenant)).get("/api/v1/flows/" + flow.id()).body();
        assertThat(shown.path("name").asText()).isEqualTo("a\uFFFDb");
        assertThat(api(Tokens.viewer(tenant)).get("/api/v1/flows?q=a").body().path("items")).hasSize(1);
        assertThat(api(Tokens.auditor(tenant)).get("/api/v1/audit").body().path("items").get(0).path("summary").asText())
                .contains("a\uFFFDb");
    }

    @Test
    void an_event_the_database_refuses_is_dead_lettered_and_every_other_flow_of_its_segment_goes_on() {
        Tenant tenant = Tenant.fresh();
        // an instant PostgreSQL cannot store (its timestamps end in the year 294276): damaged data, as a dead-letter queue is for
        FlowStory refused = story(tenant, Instant.parse("+300000-01-01T00:00:00Z")).created("planning", "from a far future");
        Segment segment = Arrays.stream(Segment.computeSegments(0, 1, 2, 3)).filter(candidate -> candidate.matches(refused.idText()))
                .findFirst().orElseThrow();
        List<FlowStory> sameSegment = IntStream.range(0, 3)
                .mapToObj(i -> new FlowStory(eventStore, tenant, flowIdIn(segment), T0).created("planning", "beside it " + i))
                .toList();

        // the refused batch's segment is retried after a back-off and a claim interval: seconds
        Api viewer = api(Tokens.viewer(tenant));
        sameSegment.forEach(flow -> eventually(() -> viewer.get("/api/v1/flows/" + flow.id() + "?minVersion=0&waitMs=5000").status() == 200,
                flow.id() + " of the refused event's segment is projected"));
        sameSegment.forEach(this::awaitAudited);
        Api admin = api(Tokens.admin(tenant));
        eventually(() -> lettersOf(admin, refused).size() == 3, "the refused event is dead-lettered by each processor that writes it");
        assertThat(lettersOf(admin, refused)).extracting(letter -> letter.path("causeType").asText())
                .containsOnly(UnstorableEvent.class.getName());
        assertThat(api(Tokens.viewer(tenant)).get("/api/v1/flows/" + refused.id()).status()).isEqualTo(404);
    }

    private static FlowId flowIdIn(Segment segment) {
        FlowId id;
        do {
            id = FlowId.random();
        } while (!segment.matches(id.toString()));
        return id;
    }

    private static List<JsonNode> lettersOf(Api admin, FlowStory flow) {
        return StreamSupport.stream(admin.get("/api/v1/admin/dead-letters").body().path("sequences").spliterator(), false)
                .filter(sequence -> sequence.path("sequenceIdentifier").asText().equals(flow.idText()))
                .map(sequence -> sequence.path("letters").get(0))
                .toList();
    }
}
