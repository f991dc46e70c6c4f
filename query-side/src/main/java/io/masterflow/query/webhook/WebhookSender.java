package io.masterflow.query.webhook;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
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
    private static final int MAX_ERROR_EXCERPT = 300;

    private final Deliveries deliveries;
    private final DeliveryOutcomes outcomes;
    private final ReceiverClient client;
    private final WebhookProperties properties;
    private final String node;
    private final Clock clock;
    private final Semaphore idleSenders;
    private final Object signal = new Object();
    private boolean woken;
    private volatile boolean running;
    private ExecutorService senders;
    private Thread dispatcher;

    public WebhookSender(Deliveries deliveries, DeliveryOutcomes outcomes, ReceiverClient client, WebhookProperties properties,
                         String node, Clock clock) {
        this.deliveries = deliveries;
        this.outcomes = outcomes;
        this.client = client;
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
                            send(delivery);
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

    void send(DueDelivery delivery) {
        try {
            attempt(delivery);
        } catch (RuntimeException e) {
            // the outcome could not be written: the lease runs out and the delivery is sent again (at least once)
            log.warn("Webhook delivery {} was attempted but its outcome could not be recorded", delivery.deliveryId(), e);
        }
    }

    private void attempt(DueDelivery delivery) {
        Instant at = clock.instant();
        ReceiverClient.Answer answer;
        try {
            answer = client.post(URI.create(delivery.url()), DeliveryHeaders.of(delivery, at), delivery.body());
        } catch (IOException failure) {
            failed(delivery, at, null, describe(failure));
            return;
        }
        if (answer.accepted()) {
            outcomes.delivered(delivery, node, at, answer.status());
        } else {
            failed(delivery, at, answer.status(), "HTTP " + answer.status() + excerpt(answer.excerpt()));
        }
    }

    private void failed(DueDelivery delivery, Instant at, Integer status, String error) {
        DeliveryOutcomes.AfterFailure after = outcomes.failed(delivery, node, at, status, error);
        if (after == DeliveryOutcomes.AfterFailure.WEBHOOK_DISABLED) {
            log.warn("Webhook {} disabled: its receiver refused every delivery for {} ({})", delivery.webhookId(),
                    properties.retryFor(), error);
        } else if (after == DeliveryOutcomes.AfterFailure.FAILED) {
            log.info("Webhook delivery {} failed for good after {} of retries ({})", delivery.deliveryId(),
                    properties.retryFor(), error);
        }
    }

    private static String excerpt(String body) {
        String text = body.strip();
        if (text.isEmpty()) {
            return "";
        }
        return ": " + (text.length() > MAX_ERROR_EXCERPT ? text.substring(0, MAX_ERROR_EXCERPT) + "..." : text);
    }

    /** What went wrong, in words an admin reading the delivery list can act on. */
    static String describe(Exception failure) {
        if (failure instanceof ReceiverAddresses.Refused refused) {
            return "refused: " + refused.getMessage();
        }
        if (failure instanceof ReceiverClient.TooSlow tooSlow) {
            return tooSlow.getMessage();
        }
        if (failure instanceof UnknownHostException unknown) {
            return "the receiver's host name cannot be resolved: " + unknown.getMessage();
        }
        if (failure instanceof ConnectException connect) {
            return "cannot connect: " + connect.getMessage();
        }
        if (failure instanceof SocketTimeoutException timeout) {
            return "timed out: " + timeout.getMessage();
        }
        return failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }
}
