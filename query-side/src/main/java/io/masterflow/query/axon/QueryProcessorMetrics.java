package io.masterflow.query.axon;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

import java.util.function.Supplier;

/**
 * Gauges per query processor (tag {@code processor}), read when the registry is scraped:
 * {@code masterflow.processor.lag} (events behind the head of the store, on this node's segments),
 * {@code masterflow.processor.lag.time} (seconds since the oldest event not handled was stored, every segment counted),
 * {@code masterflow.processor.failing} (1 while in error) and {@code masterflow.processor.dead.letters}. Axon's own processor metrics come from axon-micrometer beside them.
 */
@Component
public class QueryProcessorMetrics implements MeterBinder {

    private final ProcessorProgress progress;
    private final ProcessorLagTime lagTime;

    public QueryProcessorMetrics(ProcessorProgress progress, ProcessorLagTime lagTime) {
        this.progress = progress;
        this.lagTime = lagTime;
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
            Gauge.builder("masterflow.processor.lag.time", () -> {
                        Double seconds = lagTime.seconds(processor);
                        return seconds == null ? (Number) Double.NaN : seconds;
                    })
                    .description("how long ago the oldest event the processor has not handled was stored; 0 once caught up")
                    .baseUnit("seconds")
                    .tag("processor", processor)
                    .register(registry);
            // lag is this node's segments only, and a segment that fails is released between attempts: this says it fails
            gauge(registry, "masterflow.processor.failing", processor, "1 while the processor is in error (a batch failed within 90 s)",
                    () -> progress.error(processor) ? 1 : 0);
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
