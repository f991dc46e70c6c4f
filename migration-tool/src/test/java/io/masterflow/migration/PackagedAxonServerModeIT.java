package io.masterflow.migration;

import io.masterflow.migration.support.Cli;
import io.masterflow.migration.support.TestDatabases;
import io.masterflow.testsupport.PackagedJar;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped jar in Axon Server mode, where no Axon Server listens: whatever it lacks at run time (a class the tests
 * have and the jar has not, a builder it configures wrongly) would show here instead of the connection error an
 * operator must see. There is no Axon Server on the build machine; AxonServerMigrationIntegrationTest covers a real
 * one where Docker runs.
 */
class PackagedAxonServerModeIT {

    private static final Path JAR = PackagedJar.fromProperty("packaged.jar");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"migrate", "dry-run"})
    void an_unreachable_axon_server_ends_the_run_with_the_connection_error(String mode) {
        String source = TestDatabases.legacyDatabase("/legacy/legacy-sample.sql");
        String address = "127.0.0.1:" + PackagedJar.unusedPort();
        List<String> arguments = new ArrayList<>(List.of(Cli.args(source, null, "--axonserver", address)));
        if (mode.equals("dry-run")) {
            arguments.add("--dry-run");
        }

        try (PackagedJar run = PackagedJar.start(JAR, arguments, Map.of())) {
            int exitCode = run.awaitExit(Duration.ofSeconds(60));

            assertThat(run.output())
                    .contains("masterflow-migrate: cannot connect to the target axonserver://" + address + "/default")
                    .doesNotContain("NoClassDefFoundError", "ClassNotFoundException", "hard requirement", "Exception in thread");
            assertThat(exitCode).as(run.output()).isEqualTo(MigrationFailure.Kind.TARGET.exitCode());
        }
    }
}
