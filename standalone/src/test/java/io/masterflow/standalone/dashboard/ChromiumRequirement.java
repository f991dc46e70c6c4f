package io.masterflow.standalone.dashboard;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The browser tests need Debian's Chromium and its chromedriver. A developer machine without them skips the tests
 * and says why; a build that requires them ({@code -Dmasterflow.browser-tests=required}, as {@code .ci/run} sets)
 * runs them anyway, so that a missing browser fails the build instead of passing it silently.
 */
final class ChromiumRequirement implements ExecutionCondition {

    static final Path CHROMIUM = Path.of(System.getProperty("masterflow.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("masterflow.chromedriver", "/usr/bin/chromedriver"));
    static final String PROPERTY = "masterflow.browser-tests";

    private static volatile boolean told;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (installed()) {
            return ConditionEvaluationResult.enabled("Chromium and chromedriver are installed");
        }
        if (required()) {
            return ConditionEvaluationResult.enabled(PROPERTY + "=required: the browser tests run, and fail without a browser");
        }
        String reason = "browser tests skipped: no " + CHROMIUM + " or " + CHROMEDRIVER
                + " (apt-get install chromium chromium-driver; -D" + PROPERTY + "=required makes them fail instead)";
        if (!told) {
            told = true;
            System.err.println("[masterflow] " + reason);
        }
        return ConditionEvaluationResult.disabled(reason);
    }

    static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    static boolean required() {
        return "required".equals(System.getProperty(PROPERTY));
    }
}
