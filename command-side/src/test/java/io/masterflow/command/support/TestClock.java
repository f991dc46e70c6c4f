package io.masterflow.command.support;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The application's clock in tests: real time plus an offset that only grows, so tests move time forward (past a
 * timeout, a backoff, a lease) without waiting, and time never runs backwards for anything already recorded. One
 * instance for the whole test JVM, shared by every application context the tests start.
 */
public final class TestClock extends Clock {

    public static final TestClock INSTANCE = new TestClock();

    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    private TestClock() {
    }

    public void advance(Duration by) {
        offset.accumulateAndGet(by, Duration::plus);
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the test clock is UTC only");
    }

    /** Puts {@link #INSTANCE} in place of the application's clock. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Configuration {

        @Bean
        @Primary
        public Clock testClock() {
            return INSTANCE;
        }
    }
}
