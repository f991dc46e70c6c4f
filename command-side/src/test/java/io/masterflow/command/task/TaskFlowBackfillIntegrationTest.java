package io.masterflow.command.task;

import io.masterflow.command.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The V3 migration derives, for flows created before it, the same task_flow rows as the projection makes now. */
class TaskFlowBackfillIntegrationTest extends IntegrationTest {

    @Test
    void the_backfill_of_flows_created_before_the_task_table_matches_what_the_projection_writes() throws IOException {
        String flow = createFlow("discovery", false);
        Map<String, Object> projected = jdbc.queryForMap("select * from task_flow where flow_id = ?", flow);

        jdbc.update("delete from task_flow where flow_id = ?", flow);
        jdbc.update(backfillStatement());
        Map<String, Object> backfilled = jdbc.queryForMap("select * from task_flow where flow_id = ?", flow);

        assertThat(backfilled).isEqualTo(projected);
        assertThat(backfilled.get("handlers").toString()).contains("\"data_import\": \"asset-import\"", "\"inventory\": \"external\"");
    }

    private static String backfillStatement() throws IOException {
        String migration = new ClassPathResource("db/command/V3__phase_tasks.sql").getContentAsString(StandardCharsets.UTF_8);
        int start = migration.indexOf("INSERT INTO task_flow");
        return migration.substring(start, migration.indexOf(';', start));
    }
}
