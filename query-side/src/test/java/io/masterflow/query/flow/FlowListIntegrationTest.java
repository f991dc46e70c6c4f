package io.masterflow.query.flow;

import io.masterflow.testsupport.Api;
import com.fasterxml.jackson.databind.JsonNode;
import io.masterflow.events.FlowDeleted;
import io.masterflow.events.FlowPaused;
import io.masterflow.events.PhaseCompleted;
import io.masterflow.events.PhaseName;
import io.masterflow.events.PhaseStarted;
import io.masterflow.query.support.FlowStory;
import io.masterflow.query.support.IntegrationTest;
import io.masterflow.query.support.Tenant;
import io.masterflow.query.support.Tokens;
import io.masterflow.security.Roles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Filters, sorting and keyset pages over one tenant's flows. Three of them are created at the same instant, so the
 * flow id must break the tie for an order that pages cannot split wrongly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FlowListIntegrationTest extends IntegrationTest {

    private static final Instant T0 = Instant.parse("2025-04-01T10:00:00Z");

    private final Tenant tenant = Tenant.fresh();
    private final Tenant otherEngagement = tenant.otherEngagement();
    private Api api;
    private FlowStory alpha;
    private FlowStory beta;
    private FlowStory gamma;
    private FlowStory deleted;
    private final List<FlowStory> tied = new ArrayList<>();

    @BeforeAll
    void someFlows() {
        api = api(Tokens.token(tenant.account(), List.of(tenant.engagement().toString(), otherEngagement.engagement().toString()),
                Roles.FLOW_VIEWER));
        PhaseName waves = PhaseName.of("wave_planning");
        alpha = story(tenant, T0).created("planning", "Alpha wave")
                .then(new PhaseStarted(null, waves, 1, Map.of()))
                .then(new PhaseCompleted(null, waves, 1, Map.of(), Duration.ofSeconds(1)))
                .at(T0.plus(Duration.ofHours(5))).then(new PhaseStarted(null, PhaseName.of("timeline_optimization"), 1, Map.of()));
        beta = story(tenant, T0.plusSeconds(60)).created("discovery", "beta discovery: 100% of servers")
                .then(new PhaseStarted(null, waves, 1, Map.of()));
        gamma = story(otherEngagement, T0.plusSeconds(120)).created("planning", "Gamma WAVE")
                .then(new FlowPaused(null, "budget"));
        deleted = story(tenant, T0.plusSeconds(180)).created("planning", "delta").then(new FlowDeleted(null, "typo"));
        for (int i = 0; i < 3; i++) {
            tied.add(story(tenant, T0.plusSeconds(240)).created("assessment", "tied " + i));
        }
        Stream.concat(Stream.of(alpha, beta, deleted), tied.stream()).forEach(flow -> awaitProjected(tenant, flow));
        awaitProjected(otherEngagement, gamma);
    }

    @Test
    void the_default_order_is_newest_first_with_the_flow_id_breaking_ties_and_deleted_flows_left_out() {
        List<String> expected = new ArrayList<>(tied.stream().map(FlowStory::idText).sorted(Comparator.reverseOrder()).toList());
        expected.addAll(List.of(gamma.idText(), beta.idText(), alpha.idText()));

        assertThat(ids("")).containsExactlyElementsOf(expected);
        List<String> oldestFirst = new ArrayList<>(expected);
        java.util.Collections.reverse(oldestFirst);
        assertThat(ids("?sort=createdAt,asc")).containsExactlyElementsOf(oldestFirst);
    }

    @Test
    void each_filter_narrows_the_list() {
        assertThat(ids("?engagement=" + otherEngagement.engagement())).containsExactly(gamma.idText());
        assertThat(api.withHeader("X-Engagement-Id", otherEngagement.engagement().toString()).get("/api/v1/flows")
                .body().path("items")).hasSize(1);
        assertThat(ids("?flowType=discovery")).containsExactly(beta.idText());
        assertThat(ids("?status=running")).containsExactlyInAnyOrder(alpha.idText(), beta.idText());
        assertThat(ids("?status=PAUSED&status=DELETED")).containsExactlyInAnyOrder(gamma.idText(), deleted.idText());
        assertThat(ids("?status=PAUSED,RUNNING")).containsExactlyInAnyOrder(gamma.idText(), alpha.idText(), beta.idText());
        assertThat(ids("?phase=timeline_optimization")).containsExactly(alpha.idText());
        assertThat(ids("?q=WaVe")).containsExactlyInAnyOrder(alpha.idText(), gamma.idText());
        assertThat(ids("?q=" + encode("100%"))).containsExactly(beta.idText());
        assertThat(ids("?q=" + encode("0_"))).as("_ is a character, not a wildcard").isEmpty();
        assertThat(ids("?createdFrom=2025-04-01T10:01:00Z&createdTo=2025-04-01T10:04:00Z"))
                .containsExactly(gamma.idText(), beta.idText());
        assertThat(ids("?createdFrom=" + encode("2025-04-01T12:01:00+02:00") + "&createdTo=2025-04-01T10:02:00Z"))
                .containsExactly(beta.idText());
        assertThat(ids("?includeDeleted=true")).hasSize(7).contains(deleted.idText());
        assertThat(ids("?flowType=planning&status=RUNNING")).containsExactly(alpha.idText());
    }

    @Test
    void lists_sort_by_name_regardless_of_case_and_by_last_update() {
        assertThat(names("?sort=name")).containsExactly("Alpha wave", "beta discovery: 100% of servers", "Gamma WAVE",
                "tied 0", "tied 1", "tied 2");
        assertThat(names("?sort=name,desc").get(0)).isEqualTo("tied 2");
        assertThat(ids("?sort=updatedAt").get(0)).as("the most recently changed flow").isEqualTo(alpha.idText());
    }

    @Test
    void pages_follow_one_another_without_gaps_or_repeats_whatever_their_size_and_sort() {
        for (String sort : List.of("createdAt,desc", "createdAt,asc", "name,asc", "name,desc", "updatedAt,desc")) {
            List<String> all = ids("?sort=" + sort);
            for (int size = 1; size <= 7; size++) {
                assertThat(pagedIds(sort, size)).as("sort %s, pages of %d", sort, size).containsExactlyElementsOf(all);
            }
        }
    }

    @Test
    void the_last_page_has_no_next_cursor_even_when_it_is_full() {
        JsonNode exact = api.get("/api/v1/flows?limit=6").body();
        assertThat(exact.path("items")).hasSize(6);
        assertThat(exact.path("nextCursor").isNull()).isTrue();

        JsonNode first = api.get("/api/v1/flows?limit=3").body();
        JsonNode second = api.get("/api/v1/flows?limit=3&cursor=" + first.path("nextCursor").asText()).body();
        assertThat(second.path("items")).hasSize(3);
        assertThat(second.path("nextCursor").isNull()).isTrue();
    }

    @Test
    void a_filter_value_it_cannot_read_is_a_400_naming_the_parameter() {
        assertBadParameter("?limit=0", "limit");
        assertBadParameter("?limit=201", "limit");
        assertBadParameter("?limit=ten", "limit");
        assertBadParameter("?sort=size", "sort");
        assertBadParameter("?sort=name,sideways", "sort");
        assertBadParameter("?status=BROKEN", "status");
        assertBadParameter("?createdFrom=yesterday", "createdFrom");
        assertBadParameter("?createdTo=2025-13-01", "createdTo");
        assertBadParameter("?includeDeleted=maybe", "includeDeleted");
        assertBadParameter("?engagement=e1", "engagement");
        assertBadParameter("?cursor=not-a-cursor", "cursor");
        assertBadParameter("?q=a%00b", "q");
        assertBadParameter("?flowType=plan%0Aning", "flowType");
        String nameCursor = api.get("/api/v1/flows?sort=name&limit=1").text("nextCursor");
        assertBadParameter("?cursor=" + nameCursor, "cursor");
    }

    @Test
    void a_list_narrowed_to_an_engagement_the_token_does_not_grant_is_refused() {
        Api.Response refused = api(Tokens.viewer(tenant)).get("/api/v1/flows?engagement=" + otherEngagement.engagement());

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.contentType()).startsWith("application/problem+json");
    }

    private void assertBadParameter(String query, String parameter) {
        Api.Response response = api.get("/api/v1/flows" + query);
        assertThat(response.status()).as(query).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.text("field")).as(query).isEqualTo(parameter);
    }

    private List<String> ids(String query) {
        Api.Response response = api.get("/api/v1/flows" + query + (query.isEmpty() ? "?" : "&") + "limit=200");
        assertThat(response.status()).as("%s: %s", query, response.text()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        response.body().path("items").forEach(item -> ids.add(item.path("flowId").asText()));
        return ids;
    }

    private List<String> names(String query) {
        List<String> names = new ArrayList<>();
        api.get("/api/v1/flows" + query).body().path("items").forEach(item -> names.add(item.path("name").asText()));
        return names;
    }

    private List<String> pagedIds(String sort, int size) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 20; page++) {
            JsonNode body = api.get("/api/v1/flows?sort=" + sort + "&limit=" + size + (cursor == null ? "" : "&cursor=" + cursor)).body();
            body.path("items").forEach(item -> ids.add(item.path("flowId").asText()));
            if (body.path("nextCursor").isNull()) {
                return ids;
            }
            cursor = body.path("nextCursor").asText();
        }
        throw new AssertionError("pages never ended");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
