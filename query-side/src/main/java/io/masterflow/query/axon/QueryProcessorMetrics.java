package io.masterflow.query.axon;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

import java.util.function.Supplier;

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
        for (String processor : QueryProcessors.WITH_WEBHOOKS) {
            // each gauge reads only its own figure: the lag needs no dead-letter count, the dead letters no head of the store
            gauge(registry, "masterflow.processor.lag", processor, "events between the head of the event store and the processor",
                    () -> {
                        Long lag = progress.lag(processor);
                        return lag == null ? (Number) Double.NaN : lag;
                    });
            gauge(registry, "masterflow.processor.dead.letters", processor, "events in the processor's dead-letter queue",
                    () -> progress.deadLetters(processor));
        }
    }

    private static void gauge(MeterRegistry registry, String name, String processor, String description, Supplier<Number> value) {
        Gauge.builder(name, value)
                .description(description)
                .tag("processor", processor)
                .register(registry);
    }
}
