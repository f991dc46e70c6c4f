package io.masterflow.query.axon;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

import java.util.function.ToDoubleFunction;

/**
 * Gauges per query processor (tag {@code processor}), read when the registry is scraped:
 * {@code masterflow.processor.lag} (events behind the head of the store, on this node's segments) and
 * {@code masterflow.processor.dead.letters}. Axon's own processor metrics come from axon-micrometer beside them.
 */
@Component
public class QueryProcessorMetrics implements MeterBinder {

    private final ProcessorProgress progress;

    public QueryProcessorMetrics(ProcessorProgress progress) {
        this.progress = progress;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String processor : QueryProcessors.ALL) {
            gauge(registry, "masterflow.processor.lag", processor, "events between the head of the event store and the processor",
                    state -> state.lag() == null ? Double.NaN : state.lag());
            gauge(registry, "masterflow.processor.dead.letters", processor, "events in the processor's dead-letter queue",
                    ProcessorState::deadLetters);
        }
    }

    private void gauge(MeterRegistry registry, String name, String processor, String description,
                       ToDoubleFunction<ProcessorState> value) {
        Gauge.builder(name, progress, current -> value.applyAsDouble(current.state(processor)))
                .description(description)
                .tag("processor", processor)
                .register(registry);
    }
}
