package io.masterflow.overload;

import io.masterflow.web.ProblemResponses;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Answers 503 at once to a request that waited in the web server's queue longer than
 * {@code masterflow.overload.max-queue-wait}: its client is probably about to give up, and working on it would only
 * make every request behind it wait longer. Refusals cost microseconds, so the queue drains and the requests that are
 * served are served in time, instead of every request queueing into its client's timeout.
 */
class OverloadFilter extends OncePerRequestFilter {

    private final OverloadProperties overload;
    private final ProblemResponses problems;
    private final Counter refused;
    private final Timer queueWait;

    OverloadFilter(OverloadProperties overload, ProblemResponses problems, MeterRegistry meters) {
        this.overload = overload;
        this.problems = problems;
        this.refused = Refusals.counter(meters);
        this.queueWait = Timer.builder("masterflow.overload.queue.wait")
                .description("how long requests waited for a worker thread, refused ones included")
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(meters);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<Duration> stamped = QueueWait.take();
        stamped.ifPresent(queueWait::record);
        Duration waited = stamped.orElse(Duration.ZERO);
        if (waited.compareTo(overload.maxQueueWait()) <= 0) {
            chain.doFilter(request, response);
            return;
        }
        refused.increment();
        problems.send(request, response, ProblemResponses.problem(HttpStatus.SERVICE_UNAVAILABLE, String.format(Locale.ROOT,
                "the service is over capacity: this request waited %.1f s for a worker (masterflow.overload.max-queue-wait is %d ms) "
                        + "and was not worked on; retry later", waited.toMillis() / 1000.0, overload.maxQueueWait().toMillis())),
                overload.retryAfter());
    }
}
