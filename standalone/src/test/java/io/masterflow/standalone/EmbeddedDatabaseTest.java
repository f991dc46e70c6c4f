package io.masterflow.standalone;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.Socket;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;

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

    @Test
    void only_the_quickstarts_own_user_gets_in_with_the_password_kept_owner_only_on_loopback() throws Exception {
        try (EmbeddedDatabase database = EmbeddedDatabase.start(directory())) {
            assertThatThrownBy(() -> DriverManager.getConnection(database.jdbcUrl(), database.username(), ""))
                    .as("no password").isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> DriverManager.getConnection(database.jdbcUrl(), database.username(), "postgres"))
                    .as("a guessed password").isInstanceOf(SQLException.class);

            assertThat(Sql.single(database, "SHOW listen_addresses")).isEqualTo("127.0.0.1");
            assertThat(Sql.single(database, "SHOW unix_socket_directories")).isEqualTo(directory().postgres().toString());
            assertThat(Sql.single(database, "SHOW unix_socket_permissions")).isEqualTo("0700");
            assertThat(Sql.column(database, "SELECT auth_method FROM pg_hba_file_rules")).containsOnly("scram-sha-256");
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory().databasePassword())))
                        .isEqualTo("rw-------");
            }
        }
    }

    @Test
    void a_data_directory_initialised_trusting_every_local_user_asks_for_a_password_from_its_next_start(@TempDir Path older)
            throws Exception {
        DataDirectory directory = DataDirectory.of(older.toString());
        // as an earlier quickstart left it: initialised by the library's defaults, which trust every local user
        EmbeddedPostgres.builder().setDataDirectory(directory.postgres().toFile()).setCleanDataDirectory(false).start().close();

        try (EmbeddedDatabase database = EmbeddedDatabase.start(directory)) {
            assertThatThrownBy(() -> DriverManager.getConnection(database.jdbcUrl(), database.username(), ""))
                    .isInstanceOf(SQLException.class);
            assertThat(Sql.single(database, "SELECT 'with the password'")).isEqualTo("with the password");
            assertThat(Sql.column(database, "SELECT auth_method FROM pg_hba_file_rules")).containsOnly("scram-sha-256");
        }
    }
}
