package io.masterflow.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * {@code masterflow.event.store.reachable}: 1 while this node reaches its event store (PostgreSQL, or Axon Server with
 * the {@code axonserver} profile), 0 while it does not. A thread of its own asks every {@code interval}, so that a
 * scrape never waits for a store that does not answer; the gauge shows the last answer.
 */
public class EventStoreReachability implements MeterBinder, DisposableBean {

    public static final String METER = "masterflow.event.store.reachable";
    private static final Logger log = LoggerFactory.getLogger(EventStoreReachability.class);

    private final BooleanSupplier probe;
    private final ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "event-store-probe");
        thread.setDaemon(true);
        return thread;
    });
    private volatile double reachable = Double.NaN;

    public EventStoreReachability(BooleanSupplier probe, Duration interval) {
        this.probe = probe;
        checker.scheduleWithFixedDelay(this::check, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void check() {
        boolean now;
        try {
            now = probe.getAsBoolean();
        } catch (RuntimeException failure) {
            now = false;
        }
        if (reachable == 1 && !now) {
            log.warn("The event store does not answer");
        }
        reachable = now ? 1 : 0;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(METER, () -> reachable)
                .description("1 while this node reaches its event store, 0 while it does not")
                .register(registry);
    }

    @Override
    public void destroy() {
        checker.shutdownNow();
    }
}
