package io.masterflow.command.flowtype.web;

import io.masterflow.events.PhaseDefinition;
import io.masterflow.events.RetryPolicy;
import io.masterflow.events.ValidatorRef;
import org.springframework.lang.Nullable;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A phase as the API shows it. Durations are ISO-8601 text (e.g. {@code PT30M}) whatever the JSON mapper's settings;
 * {@code timeout} is null when an attempt may run without limit.
 */
public record PhaseView(String name, boolean required, @Nullable String timeout, Retry retry, List<Validator> validators, String handler) {

    public record Retry(int maxAttempts, String backoff, double multiplier, String maxBackoff) {

        static Retry of(RetryPolicy policy) {
            return new Retry(policy.maxAttempts(), iso(policy.backoff()), policy.multiplier(), iso(policy.maxBackoff()));
        }
    }

    public record Validator(String name, Map<String, Object> params) {

        static Validator of(ValidatorRef ref) {
            return new Validator(ref.name(), ref.params());
        }
    }

    static List<PhaseView> of(List<PhaseDefinition> phases) {
        return phases.stream().map(PhaseView::of).toList();
    }

    static PhaseView of(PhaseDefinition phase) {
        return new PhaseView(phase.name().value(), phase.required(), iso(phase.timeout()), Retry.of(phase.retry()),
                phase.validators().stream().map(Validator::of).toList(), phase.handler());
    }

    private static String iso(Duration duration) {
        return duration == null ? null : duration.toString();
    }
}
