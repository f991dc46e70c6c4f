package io.masterflow.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The monitoring files as Prometheus and Grafana would read them (no container engine runs here, so they are parsed,
 * not run): the compose profile {@code monitoring}, the scrape of both management ports, and a board whose every query
 * names a meter the sides expose or a rule that records one. The rules themselves are checked by promtool
 * ({@link AlertRulesTest}).
 */
class MonitoringFilesTest {

    private static final Path DEPLOY = Path.of("..", "deploy");
    private static final Pattern NAME = Pattern.compile("\\b(masterflow[:_][a-z_:]+|http_server_requests_seconds_count|up)\\b");

    /** Every series name the board may use: the sides' meters as Prometheus names them, and the recorded rules. */
    private static final Set<String> KNOWN = Set.of(
            "masterflow_flows_creations_total", "masterflow_flows_completions_total", "masterflow_flows_failures_total",
            "masterflow_flows_deletions_total", "masterflow_flows_creation_refusals_total", "masterflow_flows_in_status",
            "masterflow_phase_attempts_started_total", "masterflow_phase_attempts_completed_total",
            "masterflow_phase_attempts_failed_total", "masterflow_phase_attempts_timed_out_total",
            "masterflow_phase_attempts_retried_total", "masterflow_phase_duration_seconds_bucket",
            "masterflow_task_wait_seconds_bucket", "masterflow_tasks_waiting", "masterflow_tasks_oldest_waiting_seconds",
            "masterflow_workers", "masterflow_worker_reports_total", "masterflow_worker_report_latency_seconds_bucket",
            "masterflow_worker_lease_expiries_total", "masterflow_processor_lag", "masterflow_processor_lag_time_seconds",
            "masterflow_processor_dead_letters", "masterflow_processor_failing", "masterflow_event_store_reachable", "masterflow_overload_refused_total", "masterflow_legacy_calls_total",
            "masterflow_webhooks_attempts_total", "masterflow_webhooks_answer_time_seconds_sum",
            "masterflow_webhooks_answer_time_seconds_count",
            "http_server_requests_seconds_count", "up",
            "masterflow:creation_rate", "masterflow:completion_rate", "masterflow:error_rate", "masterflow:avg_execution_time",
            "masterflow:agent_response_time", "masterflow:agent_success_rate", "masterflow:agent_health_score",
            "masterflow:creation_failure_ratio");

    @Test
    void the_monitoring_profile_adds_prometheus_and_grafana_provisioned_with_the_rules_and_the_board() throws IOException {
        Map<String, Object> services = yaml(Path.of("..", "docker-compose.yml")).get("services") instanceof Map<?, ?> map
                ? cast(map) : Map.of();

        for (String service : List.of("prometheus", "grafana")) {
            assertThat(cast(services.get(service)).get("profiles")).as(service).isEqualTo(List.of("monitoring"));
        }
        assertThat(cast(services.get("prometheus")).get("volumes")).asList().contains("./deploy/prometheus:/etc/prometheus:ro");
        assertThat(cast(services.get("grafana")).get("volumes")).asList()
                .contains("./deploy/grafana/provisioning:/etc/grafana/provisioning:ro", "./deploy/grafana:/var/lib/grafana/dashboards:ro");
        for (String side : List.of("command-side", "query-side")) {
            assertThat(cast(cast(services.get(side)).get("environment")).get("MANAGEMENT_SERVER_ADDRESS")).as(side).isEqualTo("0.0.0.0");
            assertThat(cast(services.get(side)).get("profiles")).as(side + " runs without the profile").isNull();
        }

        Map<String, Object> prometheus = yaml(DEPLOY.resolve("prometheus/prometheus.yml"));
        assertThat(prometheus.get("rule_files")).isEqualTo(List.of("alerts.yml"));
        List<String> targets = new ArrayList<>();
        for (Object job : (List<?>) prometheus.get("scrape_configs")) {
            assertThat(cast(job).get("metrics_path")).isEqualTo("/actuator/prometheus");
            for (Object config : (List<?>) cast(job).get("static_configs")) {
                targets.addAll(((List<?>) cast(config).get("targets")).stream().map(String::valueOf).toList());
            }
        }
        assertThat(targets).containsExactlyInAnyOrder("command-side:9080", "query-side:9081");
    }

    @Test
    void every_query_of_the_board_reads_a_meter_the_sides_expose_or_a_recorded_rule() throws IOException {
        JsonNode board = new ObjectMapper().readTree(DEPLOY.resolve("grafana/masterflow.json").toFile());
        assertThat(board.path("uid").asText()).isEqualTo("masterflow-flows");

        Set<String> used = new TreeSet<>();
        List<String> titles = new ArrayList<>();
        for (JsonNode panel : board.path("panels")) {
            titles.add(panel.path("title").asText());
            for (JsonNode target : panel.path("targets")) {
                Matcher names = NAME.matcher(target.path("expr").asText());
                while (names.find()) {
                    used.add(names.group(1));
                }
            }
        }
        assertThat(KNOWN).containsAll(used);
        assertThat(used).contains("masterflow_flows_in_status", "masterflow:creation_rate", "masterflow:completion_rate",
                "masterflow:error_rate", "masterflow:avg_execution_time", "masterflow:agent_response_time",
                "masterflow:agent_success_rate", "masterflow:agent_health_score", "masterflow_phase_duration_seconds_bucket",
                "masterflow_workers", "masterflow_processor_lag_time_seconds", "masterflow_processor_dead_letters",
                "masterflow_webhooks_attempts_total");
        assertThat(titles).contains("Flows by state", "Phase duration percentiles", "Workers by health", "Projection lag (time)");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object map) {
        return (Map<String, Object>) map;
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            return new Yaml().load(reader);
        }
    }
}
