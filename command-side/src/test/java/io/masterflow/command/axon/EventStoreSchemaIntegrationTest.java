package io.masterflow.command.axon;

import io.masterflow.command.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The two known traps of Axon on PostgreSQL stay closed: no oid columns, no global-index blocks. */
class EventStoreSchemaIntegrationTest extends IntegrationTest {

    @Test
    void no_axon_table_stores_anything_as_a_large_object() {
        List<Map<String, Object>> oidColumns = jdbc.queryForList("""
                select table_name, column_name from information_schema.columns
                where table_schema = current_schema() and data_type = 'oid'""");

        assertThat(oidColumns).isEmpty();
        assertThat(jdbc.queryForObject("""
                select data_type from information_schema.columns
                where table_name = 'domainevententry' and column_name = 'payload'""", String.class)).isEqualTo("bytea");
    }

    @Test
    void the_global_index_sequence_hands_out_consecutive_numbers() {
        Map<String, Object> sequence = jdbc.queryForMap("""
                select increment_by, cache_size from pg_sequences where sequencename = 'domainevententry_globalindex_seq'""");

        assertThat(((Number) sequence.get("increment_by")).longValue()).isEqualTo(1);
        assertThat(((Number) sequence.get("cache_size")).longValue()).isEqualTo(1);
    }

    @Test
    void events_appended_one_after_another_take_consecutive_global_indexes() {
        String flow = createFlow("discovery", false);
        api.post("/api/v1/flows/" + flow + "/pause", Map.of());
        api.post("/api/v1/flows/" + flow + "/resume", Map.of());

        List<Long> indexes = jdbc.queryForList(
                "select globalindex from domainevententry where aggregateidentifier = ? order by sequencenumber", Long.class, flow);

        assertThat(indexes.get(1) - indexes.get(0)).isLessThan(50);
        assertThat(indexes.get(2) - indexes.get(1)).isLessThan(50);
        assertThat(indexes).isSorted();
    }
}
