package io.masterflow.query.axon;

import io.masterflow.query.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The query side's own tables, migrated by its own Flyway, and its processors' tokens kept apart from the command side's. */
class ReadModelSchemaIntegrationTest extends IntegrationTest {

    @Test
    void no_column_of_the_database_is_a_large_object() {
        assertThat(jdbc.queryForList("""
                SELECT table_name || '.' || column_name FROM information_schema.columns
                WHERE table_schema = current_schema() AND data_type = 'oid'""", String.class)).isEmpty();
    }

    @Test
    void the_read_models_are_migrated_by_a_flyway_history_of_their_own() {
        assertThat(jdbc.queryForList("SELECT version FROM flyway_history_query WHERE success AND version <> '0' ORDER BY installed_rank",
                String.class)).contains("1", "2", "3", "4", "5", "6", "7", "8", "14", "15");
    }

    @Test
    void the_query_processors_keep_their_tokens_in_their_own_table() {
        eventually(() -> count("SELECT count(*) FROM query_token_entry WHERE processorname IN ('projections', 'webhooks')") == 8,
                "both processors hold their four segments");
        assertThat(count("SELECT count(*) FROM tokenentry")).as("the command side's token table").isZero();
    }

    private long count(String sql) {
        Long count = jdbc.queryForObject(sql, Long.class);
        return count == null ? 0 : count;
    }
}
