package io.masterflow.command.flow.metrics;

import io.masterflow.flowtype.FlowTypeRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * The meters of what flows decide, tagged by flow type and phase only: an account, flow or user id as a tag would make a
 * series per tenant or per flow, which no Prometheus survives and which would show one tenant's activity to whoever
 * reads the scrape. Counted on the command side, by the node that made the decision, once its events are committed
 * ({@link FlowEventMeters}), so that a sum over nodes counts each decision once.
 */
@Component
public class FlowMeters {

    // names end in none of OpenMetrics' reserved suffixes (_created, _total, ...), which the exposition would cut off

    static final String FLOW_TYPE = "flow_type";
    static final String PHASE = "phase";
    /** A flow type the request named but no definition has: its name is the caller's text, never a tag. */
    static final String UNKNOWN_TYPE = "unknown";

    /** From a quick automated phase to an approval that waits a day: the buckets percentiles are computed from. */
    private static final Duration[] PHASE_DURATIONS = {Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(4), Duration.ofHours(24)};

    private final MeterRegistry registry;
    private final FlowTypeRegistry flowTypes;

    public FlowMeters(MeterRegistry registry, FlowTypeRegistry flowTypes) {
        this.registry = registry;
        this.flowTypes = flowTypes;
    }

    void created(String flowType) {
        counter("masterflow.flows.creations", "flows created", flowType).increment();
    }

    void completed(String flowType) {
        counter("masterflow.flows.completions", "flows whose every phase completed or was skipped", flowType).increment();
    }

    void failed(String flowType, String phase) {
        counter("masterflow.flows.failures", "flows failed: a phase ran out of attempts", flowType, PHASE, phase).increment();
    }

    void deleted(String flowType) {
        counter("masterflow.flows.deletions", "flows deleted", flowType).increment();
    }

    void attemptStarted(String flowType, String phase) {
        counter("masterflow.phase.attempts.started", "phase attempts started", flowType, PHASE, phase).increment();
    }

    void attemptCompleted(String flowType, String phase, Duration duration) {
        counter("masterflow.phase.attempts.completed", "phase attempts completed", flowType, PHASE, phase).increment();
        Timer.builder("masterflow.phase.duration")
                .description("time from a phase attempt's start to its completion")
                .tags(FLOW_TYPE, flowType, PHASE, phase)
                .serviceLevelObjectives(PHASE_DURATIONS)
                .register(registry)
                .record(duration);
    }

    /** @param timedOut failed by its phase's timeout rather than by a report @param retried the retry policy grants another attempt */
    void attemptFailed(String flowType, String phase, boolean timedOut, boolean retried) {
        counter("masterflow.phase.attempts.failed", "phase attempts failed, timed out included", flowType, PHASE, phase).increment();
        if (timedOut) {
            counter("masterflow.phase.attempts.timed.out", "phase attempts failed by their phase's timeout", flowType, PHASE, phase)
                    .increment();
        }
        if (retried) {
            counter("masterflow.phase.attempts.retried", "failed phase attempts the retry policy gave another attempt", flowType,
                    PHASE, phase).increment();
        }
    }

    /**
     * A request to create a flow that was refused (or failed), by why: {@code invalid}, {@code conflict},
     * {@code forbidden}, {@code too_large} are the caller's; {@code unavailable}, {@code timeout}, {@code error} the
     * service's. The type is the requested one when a definition of it exists.
     */
    public void creationRefused(String requestedType, String reason) {
        String flowType = requestedType != null && flowTypes.latest(requestedType).isPresent() ? requestedType : UNKNOWN_TYPE;
        counter("masterflow.flows.creation.refusals", "requests to create a flow that created none, by reason", flowType,
                "reason", reason).increment();
    }

    private Counter counter(String name, String description, String flowType, String... tags) {
        return Counter.builder(name).description(description).tag(FLOW_TYPE, flowType).tags(tags).register(registry);
    }
}
