package io.masterflow.standalone;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.Socket;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedDatabaseTest {

    /** Shared, so that the slow first initialisation of a data directory happens once for the class. */
    @TempDir
    static Path dataDir;

    private static DataDirectory directory() {
        return DataDirectory.of(dataDir.toString());
    }

    @Test
    void the_server_runs_with_fsync_synchronous_commit_and_full_page_writes_on() throws Exception {
        try (EmbeddedDatabase database = EmbeddedDatabase.start(directory())) {
            assertThat(Sql.single(database, "SHOW fsync")).isEqualTo("on");
            assertThat(Sql.single(database, "SHOW synchronous_commit")).isEqualTo("on");
            assertThat(Sql.single(database, "SHOW full_page_writes")).isEqualTo("on");
            assertThat(Sql.single(database, "SELECT current_database()")).isEqualTo("masterflow");
        }
    }

    @Test
    void data_written_before_a_restart_is_still_there_after_it() throws Exception {
        try (EmbeddedDatabase database = EmbeddedDatabase.start(directory())) {
            Sql.execute(database, "CREATE TABLE restart_survivor (note text)", "INSERT INTO restart_survivor VALUES ('kept')");
        }

        try (EmbeddedDatabase database = EmbeddedDatabase.start(directory())) {
            assertThat(Sql.column(database, "SELECT note FROM restart_survivor")).containsExactly("kept");
        }
        assertThat(directory().postgres().resolve("PG_VERSION")).exists();
    }

    @Test
    void closing_stops_the_server_and_frees_the_data_directory() throws Exception {
        EmbeddedDatabase database = EmbeddedDatabase.start(directory());
        int port = database.port();

        database.close();
        database.close();

        assertThat(directory().postgres().resolve("postmaster.pid")).doesNotExist();
        assertThatThrownBy(() -> new Socket("localhost", port).close()).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void a_second_server_on_a_data_directory_in_use_is_refused_and_the_first_keeps_running() throws Exception {
        try (EmbeddedDatabase database = EmbeddedDatabase.start(directory())) {
            assertThatThrownBy(() -> EmbeddedDatabase.start(directory()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Another masterflow process")
                    .hasMessageContaining(dataDir.toString());

            assertThat(Sql.single(database, "SELECT 'still up'")).isEqualTo("still up");
        }
    }
}
