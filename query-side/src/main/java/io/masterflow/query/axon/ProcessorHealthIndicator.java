package io.masterflow.query.axon;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The query processors in {@code /actuator/health} (component {@code queryProcessors}). DOWN when a processor is not
 * running or is in error: its read model stops moving, so this node answers with older and older data. A processor
 * that lags more than {@code masterflow.processors.lag-warning} events, or has dead letters, stays UP with a warning:
 * it still moves, and a restart would not help. The details (positions, counts, exception types) add up every
 * tenant's events, so only a platform operator sees them (management.endpoint.health.roles); anyone else gets the
 * status alone. Even then no message or event is shown: those may carry a tenant's data.
 */
@Component("queryProcessorsHealthIndicator")
public class ProcessorHealthIndicator extends AbstractHealthIndicator {

    private final ProcessorProgress progress;
    private final long lagWarning;

    public ProcessorHealthIndicator(ProcessorProgress progress, @Value("${masterflow.processors.lag-warning:10000}") long lagWarning) {
        super("the query processors' state cannot be read");
        this.progress = progress;
        this.lagWarning = lagWarning;
    }

    @Override
    protected void doHealthCheck(Health.Builder health) {
        boolean down = false;
        for (ProcessorState state : progress.all()) {
            List<String> warnings = new ArrayList<>();
            if (state.lag() != null && state.lag() > lagWarning) {
                warnings.add("more than " + lagWarning + " events behind the head of the event store");
            }
            if (state.deadLetters() > 0) {
                warnings.add(state.deadLetters() + " dead letters wait for an admin");
            }
            down |= !state.running() || state.error();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("running", state.running());
            details.put("error", state.error());
            details.put("errorType", state.errorType());
            details.put("segments", state.segments());
            details.put("position", state.position());
            details.put("head", state.head());
            details.put("lag", state.lag());
            details.put("deadLetters", state.deadLetters());
            details.put("warnings", warnings);
            health.withDetail(state.processor(), details);
        }
        if (down) {
            health.down();
        } else {
            health.up();
        }
    }
}
