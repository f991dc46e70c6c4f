package io.masterflow.standalone;

import io.masterflow.observability.TraceContextPropagation;
import io.masterflow.testsupport.Api;
import io.masterflow.testsupport.Scrape;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both sides in one process, as the quickstart runs them: one scrape on one management port (loopback) shows the command
 * side's meters and the query side's, each decision counted once, though both sides see its events; only the legacy
 * calls' meter names an account, on purpose.
 */
@ExtendWith(QuickstartMetricsTest.SharedQuickstart.class)
class QuickstartMetricsTest {

    private static Quickstart app;

    @BeforeAll
    static void start(Quickstart shared) {
        app = shared;
    }

    @Test
    void one_scrape_shows_both_sides_and_counts_each_flow_once() {
        Api api = new Api(Integer.parseInt(app.baseUrl().substring(app.baseUrl().lastIndexOf(':') + 1)), app.demoToken())
                .withHeader("X-Engagement-Id", Quickstart.DEMO_ENGAGEMENT.toString());
        Scrape before = Scrape.of(app.managementPort());

        Api.Response created = api.post("/api/v1/flows", Map.of("flowType", "finops", "name", "counted once"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String flow = created.field("flowId");
        assertThat(api.post("/api/v1/flows/" + flow + "/execute", Map.of()).status()).isEqualTo(202);
        Api.Response legacy = api.post("/api/v1/discovery/flows/create", Map.of("flow_name", "through the legacy layer",
                "engagement_id", Quickstart.DEMO_ENGAGEMENT.toString()));
        assertThat(legacy.status()).as(legacy.toString()).isLessThan(300);

        Scrape after = Scrape.of(app.managementPort());
        assertThat(after.value("masterflow_flows_creations_total", "flow_type", "finops")
                - before.value("masterflow_flows_creations_total", "flow_type", "finops")).isEqualTo(1);
        assertThat(after.value("masterflow_phase_attempts_started_total", "flow_type", "finops", "phase", "cost_analysis")
                - before.value("masterflow_phase_attempts_started_total", "flow_type", "finops", "phase", "cost_analysis")).isEqualTo(1);
        assertThat(after.has("masterflow_processor_lag")).as("the query side's gauges in the same scrape").isTrue();
        assertThat(after.has("masterflow_flows_in_status")).isTrue();

        String account = Quickstart.DEMO_ACCOUNT.toString();
        List<String> naming = after.samples().stream()
                .filter(sample -> sample.labels().values().stream().anyMatch(value -> value.contains(account)))
                .map(Scrape.Sample::name).distinct().toList();
        assertThat(naming).as("meters whose labels name the account").containsExactly("masterflow_legacy_calls_total");
        assertThat(after.text()).doesNotContain(flow, Quickstart.DEMO_ENGAGEMENT.toString());
    }

    @Test
    void tracing_is_off_unless_asked_for_and_no_event_carries_a_trace_context() {
        Api api = new Api(Integer.parseInt(app.baseUrl().substring(app.baseUrl().lastIndexOf(':') + 1)), app.demoToken())
                .withHeader("X-Engagement-Id", Quickstart.DEMO_ENGAGEMENT.toString())
                .withHeader("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        Api.Response created = api.post("/api/v1/flows", Map.of("flowType", "finops", "name", "not traced"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);

        assertThat(app.property("management.tracing.enabled")).isEqualTo("false");
        assertThat(app.beans(TraceContextPropagation.class)).as("no tracing interceptor registered").isEmpty();
        JdbcTemplate jdbc = new JdbcTemplate(app.beans(DataSource.class).values().iterator().next());
        assertThat(jdbc.queryForList("select convert_from(metadata, 'UTF8') from domainevententry where aggregateidentifier = ?",
                String.class, created.field("flowId"))).isNotEmpty().noneMatch(metadata -> metadata.contains("traceparent"));
    }

    @Test
    void the_management_port_is_its_own_on_loopback_and_the_api_port_serves_the_status_alone() {
        assertThat(app.managementPort()).isNotEqualTo(Integer.parseInt(app.baseUrl().substring(app.baseUrl().lastIndexOf(':') + 1)));
        assertThat(app.property("management.server.address")).isEqualTo("127.0.0.1");

        Api publicPort = new Api(Integer.parseInt(app.baseUrl().substring(app.baseUrl().lastIndexOf(':') + 1)), app.platformOperatorToken());
        assertThat(publicPort.get("/actuator/health").text()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(publicPort.get("/actuator/prometheus").status()).isIn(401, 403, 404);
        Api management = new Api(app.managementPort(), app.platformOperatorToken());
        assertThat(management.get("/actuator/health").body().path("components").has("queryProcessors")).isTrue();
        assertThat(management.as(null).get("/actuator/health").text()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(management.as(null).get("/actuator/metrics").status()).isEqualTo(401);
    }

    /** The quickstart every test of this JVM shares. */
    static final class SharedQuickstart implements ParameterResolver {

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
            return parameter.getParameter().getType() == Quickstart.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
            return Quickstart.shared(extension);
        }
    }
}
