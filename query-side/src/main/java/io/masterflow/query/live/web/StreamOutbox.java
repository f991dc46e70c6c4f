package io.masterflow.query.live.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one live stream still has to send, and the sending. Events wait in the stream's own queue and a thread of a
 * shared pool writes them, one stream's events in order; the thread that reads the change log for every stream never
 * writes to a client. A client that reads slowly, or not at all, so holds up its own stream only: a write to it blocks
 * one sender thread, and once more than {@value #MOST_PENDING} events wait for it, its stream ends (its client
 * reconnects with Last-Event-ID and misses nothing).
 */
final class StreamOutbox {

    private static final Logger log = LoggerFactory.getLogger(StreamOutbox.class);
    static final int MOST_PENDING = 1000;

    private final SseEmitter emitter;
    private final Executor senders;
    private final Runnable onEnd;
    private final Queue<SseEmitter.SseEventBuilder> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();

    /** @param onEnd called once when the stream ends, whoever ends it */
    StreamOutbox(SseEmitter emitter, Executor senders, Runnable onEnd) {
        this.emitter = emitter;
        this.senders = senders;
        this.onEnd = onEnd;
    }

    /**
     * Sends at once, on the calling thread: for the request thread, before the controller has returned the emitter,
     * whose sends Spring queues and writes with the response's headers while the request thread still owns them.
     */
    void sendNow(SseEmitter.SseEventBuilder event) {
        write(event);
    }

    /** Queues an event for the stream's sender; false once the stream has ended. */
    boolean offer(SseEmitter.SseEventBuilder event) {
        if (ended.get()) {
            return false;
        }
        if (pending.incrementAndGet() > MOST_PENDING) {
            log.debug("Live streams: a client reads too slowly; its stream ends and it reconnects");
            // not completed here: the emitter's lock may be held by a write blocked on this client; its sender completes it
            end();
            return false;
        }
        queue.add(event);
        if (draining.compareAndSet(false, true)) {
            senders.execute(this::drain);
        }
        return true;
    }

    private void drain() {
        do {
            SseEmitter.SseEventBuilder event;
            while ((event = queue.poll()) != null) {
                pending.decrementAndGet();
                if (ended.get() || !write(event)) {
                    queue.clear();
                    emitter.complete();
                    return;
                }
            }
            draining.set(false);
            // an event queued after the last poll and before the flag was cleared found a sender running: send it now
        } while (!queue.isEmpty() && draining.compareAndSet(false, true));
    }

    /** @return false when the stream has ended: the client has gone, or the send failed */
    private boolean write(SseEmitter.SseEventBuilder event) {
        try {
            emitter.send(event);
            return true;
        } catch (IOException clientGone) {
            // the container notices the broken connection itself and ends the request
            end();
            return false;
        } catch (IllegalStateException failed) {
            // a stream dropped but left open would keep its client waiting for good; ended, it reconnects with
            // Last-Event-ID and misses nothing
            log.debug("Live streams: a send failed; the stream ends", failed);
            end();
            emitter.complete();
            return false;
        }
    }

    /** Ends the stream for the live streams: nothing more is queued for it. */
    void end() {
        if (ended.compareAndSet(false, true)) {
            queue.clear();
            onEnd.run();
        }
    }

    boolean open() {
        return !ended.get();
    }
}
