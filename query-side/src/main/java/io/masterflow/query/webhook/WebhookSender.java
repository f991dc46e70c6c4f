package io.masterflow.query.webhook;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends the outbox's deliveries, on every query node. One thread claims due deliveries (as many as there are idle
 * senders) and hands them to the senders; the claim is a lease in the database, so nodes share the work and one that
 * stops mid-send lets another send it once the lease runs out (at least once, never lost). It looks again at once
 * when this node's webhooks processor has added deliveries or a send has finished (the flow's next event may be
 * due), and every poll interval for other nodes' deliveries and retries. Stopping finishes the sends in progress and
 * gives back what is claimed and not sent.
 */
public class WebhookSender implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);
    private static final Duration SWEEP_INTERVAL = Duration.ofMinutes(10);

    private final Deliveries deliveries;
    private final DeliveryAttempts attempts;
    private final WebhookProperties properties;
    private final String node;
    private final Clock clock;
    private final Semaphore idleSenders;
    private final Object signal = new Object();
    private boolean woken;
    private volatile boolean running;
    private ExecutorService senders;
    private Thread dispatcher;

    public WebhookSender(Deliveries deliveries, DeliveryAttempts attempts, WebhookProperties properties, String node, Clock clock) {
        this.deliveries = deliveries;
        this.attempts = attempts;
        this.properties = properties;
        this.node = node;
        this.clock = clock;
        this.idleSenders = new Semaphore(properties.senders());
    }

    @Override
    public synchronized void start() {
        running = true;
        AtomicInteger number = new AtomicInteger();
        senders = Executors.newFixedThreadPool(properties.senders(), runnable -> {
            Thread thread = new Thread(runnable, "webhook-sender-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        dispatcher = new Thread(this::dispatch, "webhook-dispatcher");
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    @Override
    public synchronized void stop() {
        if (dispatcher == null) {
            return;
        }
        running = false;
        wake();
        try {
            dispatcher.join(properties.lease().toMillis());
            senders.shutdown();
            if (!senders.awaitTermination(properties.lease().toMillis(), TimeUnit.MILLISECONDS)) {
                senders.shutdownNow();
            }
            deliveries.release(node);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("Could not give back the deliveries claimed by {}; they come free when their lease runs out", node, e);
        } finally {
            dispatcher = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return running;
    }

    /** Looks for due deliveries now rather than at the next poll. */
    public void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    private void dispatch() {
        Instant nextSweep = clock.instant();
        while (running) {
            try {
                Instant now = clock.instant();
                if (!now.isBefore(nextSweep)) {
                    deliveries.sweep(now.minus(properties.retention()));
                    nextSweep = now.plus(SWEEP_INTERVAL);
                }
                int idle = idleSenders.availablePermits();
                List<DueDelivery> due = idle == 0 ? List.of() : deliveries.claim(node, idle, now, now.plus(properties.lease()));
                for (DueDelivery delivery : due) {
                    idleSenders.acquire();
                    senders.execute(() -> {
                        try {
                            attempts.make(delivery);
                        } finally {
                            idleSenders.release();
                            wake();
                        }
                    });
                }
                if (due.isEmpty()) {
                    await(properties.pollInterval());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("Could not look for webhook deliveries; trying again in {}", properties.pollInterval(), e);
                await(properties.pollInterval());
            }
        }
    }

    private void await(Duration timeout) {
        synchronized (signal) {
            if (!woken && running) {
                try {
                    signal.wait(timeout.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            woken = false;
        }
    }
}
