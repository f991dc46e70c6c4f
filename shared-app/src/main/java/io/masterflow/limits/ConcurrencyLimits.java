package io.masterflow.limits;

import io.masterflow.events.ClientAccountId;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many long-lived requests of each {@link Concurrency} each account holds open on this node. The one over its
 * account's limit is refused (429) before it holds anything; the others go on, and so does every other account.
 */
@Component
public class ConcurrencyLimits {

    /** The requests these limits bound last seconds: the next try may well find a place. */
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private record Key(Concurrency kind, ClientAccountId account) {
    }

    private final Limits limits;
    private final Map<Key, AtomicInteger> open = new ConcurrentHashMap<>();

    public ConcurrencyLimits(Limits limits) {
        this.limits = limits;
    }

    /** A place for one more request of this kind, to be closed when the request ends; else {@link TooManyRequests}. */
    public Permit acquire(Concurrency kind, ClientAccountId account) {
        int limit = kind.limit.applyAsInt(limits.of(account));
        AtomicInteger count = open.computeIfAbsent(new Key(kind, account), key -> new AtomicInteger());
        if (count.incrementAndGet() > limit) {
            count.decrementAndGet();
            throw new TooManyRequests("this account already has " + limit + " " + kind.what + " open, the most it may "
                    + "(masterflow.limits." + kind.property + "); retry once one has ended", RETRY_AFTER);
        }
        return new Permit(count);
    }

    /** One request's place; closing it more than once frees it once. */
    public static final class Permit implements AutoCloseable {

        private final AtomicInteger count;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Permit(AtomicInteger count) {
            this.count = count;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                count.decrementAndGet();
            }
        }
    }
}
