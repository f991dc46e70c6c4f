package io.masterflow.standalone;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert rules pass promtool (Debian's {@code prometheus} package): their syntax, and each rule's expression on the
 * small series of {@code alerts.test.yml}. Without promtool the tests are skipped and say so, unless
 * {@code -Dmasterflow.promtool=required} (as {@code .ci/run} sets, after installing it) makes them fail.
 */
@ExtendWith(AlertRulesTest.PromtoolRequirement.class)
class AlertRulesTest {

    static final Path PROMTOOL = Path.of(System.getProperty("masterflow.promtool.path", "/usr/bin/promtool"));
    private static final Path RULES = Path.of("..", "deploy", "prometheus");

    @Test
    void the_rules_are_valid() throws Exception {
        assertThat(promtool("check", "rules", "alerts.yml")).contains("SUCCESS: 20 rules found");
        assertThat(promtool("check", "config", "prometheus.yml")).contains("SUCCESS");
    }

    @Test
    void each_alert_fires_on_its_series_and_not_before() throws Exception {
        assertThat(promtool("test", "rules", "alerts.test.yml")).contains("SUCCESS");
    }

    private static String promtool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PROMTOOL.toString()));
        command.addAll(List.of(arguments));
        Path output = Files.createTempFile("promtool", ".txt");
        try {
            Process process = new ProcessBuilder(command).directory(RULES.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
            String printed = Files.readString(output, StandardCharsets.UTF_8);
            System.out.println(String.join(" ", command) + "\n" + printed);
            assertThat(process.exitValue()).as(printed).isZero();
            return printed;
        } finally {
            Files.deleteIfExists(output);
        }
    }

    static final class PromtoolRequirement implements ExecutionCondition {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (Files.isExecutable(PROMTOOL)) {
                return ConditionEvaluationResult.enabled("promtool is installed");
            }
            if ("required".equals(System.getProperty("masterflow.promtool"))) {
                return ConditionEvaluationResult.enabled("masterflow.promtool=required: the rule tests run, and fail without promtool");
            }
            return ConditionEvaluationResult.disabled("no " + PROMTOOL + " (apt-get install prometheus; -Dmasterflow.promtool=required "
                    + "makes these tests fail instead)");
        }
    }
}
