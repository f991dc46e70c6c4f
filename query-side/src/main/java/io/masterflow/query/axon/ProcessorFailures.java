package io.masterflow.query.axon;

import org.axonframework.config.Configurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.ErrorHandler;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers each query processor's last failed batch. A pooled processor releases a failing segment and claims it
 * again after a back-off, so between attempts Axon reports no segment in error at all: this record is what lets
 * health tell a processor that keeps failing (a database error, a full dead-letter queue) from a healthy one.
 * Failures still propagate, so the batch rolls back and is retried as before.
 */
@Component
public class ProcessorFailures implements ConfigurerModule {

    /** Longer than the pooled processor's longest back-off between attempts (60 s), so a failing one stays failing. */
    static final Duration RECENT = Duration.ofSeconds(90);

    private final Map<String, Failure> lastFailures = new ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();

    /**
     * @param type        the exception's class, never its message (which may quote a tenant's data)
     * @param refusedData whether the database refused a value of the batch ({@link DatabaseRefusal}), which a retry of
     *                    the same batch would repeat
     */
    public record Failure(Instant at, String type, boolean refusedData) {
    }

    @Override
    public void configureModule(Configurer configurer) {
        configurer.eventProcessing(processing -> QueryProcessors.PROCESSORS.forEach(processor ->
                processing.registerErrorHandler(processor, configuration -> recordingErrorHandler())));
    }

    /** Records each failed batch under its processor's name, then lets it fail: it rolls back and is retried. */
    public ErrorHandler recordingErrorHandler() {
        return context -> {
            lastFailures.put(context.eventProcessor(), new Failure(clock.instant(), context.error().getClass().getName(),
                    DatabaseRefusal.ofData(context.error())));
            PropagatingErrorHandler.instance().handleError(context);
        };
    }

    /** Whether the processor's last failed batch, recent enough to be retried still, was refused for its data. */
    public boolean refusedDataRecently(String processor) {
        return recent(processor).filter(Failure::refusedData).isPresent();
    }

    /** The processor no longer fails: what failed its batches has been taken out of them. */
    public void recovered(String processor) {
        lastFailures.remove(processor);
    }

    /** The processor's last failed batch, if it was recent enough to mean it is still failing. */
    public Optional<Failure> recent(String processor) {
        return Optional.ofNullable(lastFailures.get(processor))
                .filter(failure -> failure.at().isAfter(clock.instant().minus(RECENT)));
    }
}
