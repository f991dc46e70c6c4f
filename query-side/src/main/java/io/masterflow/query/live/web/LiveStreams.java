package io.masterflow.query.live.web;

import io.masterflow.limits.ConcurrencyLimits;
import io.masterflow.query.flow.ReadModelProgress;
import io.masterflow.query.live.ChangeFilter;
import io.masterflow.query.live.ChangePosition;
import io.masterflow.query.live.FlowChange;
import io.masterflow.query.live.FlowChangeLog;
import io.masterflow.query.live.LiveProperties;
import io.masterflow.query.web.CursorSeal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The open live streams of this node and the one thread that feeds them. A stream holds no request thread and no
 * database connection while idle: it is an {@link SseEmitter}, a position in the change log and a {@link StreamOutbox}.
 * The feeder reads the log when a batch of the flow-status projection commits in this process, and at a short interval
 * for batches committed by other nodes; it also queues the heartbeats and sweeps changes older than the retention. It
 * only queues what each stream has to send: the writes to the clients are the outboxes' senders', so a slow client
 * delays nobody else's stream.
 */
@Component
@EnableConfigurationProperties(LiveProperties.class)
public class LiveStreams implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LiveStreams.class);
    /** Changes read per query while a stream catches up. */
    private static final int PAGE = 200;
    /** What a stream's event ids are positions in, for the seal. */
    static final String EVENT_IDS = "stream1";

    private final FlowChangeLog changes;
    private final LiveProperties properties;
    private final CursorSeal seal;
    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private volatile ScheduledExecutorService feeder;
    private volatile ExecutorService senders;

    public LiveStreams(FlowChangeLog changes, LiveProperties properties, ReadModelProgress progress, CursorSeal seal) {
        this.changes = changes;
        this.properties = properties;
        this.seal = seal;
        progress.afterEachBatch(this::wake);
    }

    /**
     * Opens a stream from just after {@code lastSeen}, or from now when null. A position older than the change log
     * keeps gets a {@code reset} event: the client must reload, then receives changes from now on.
     *
     * @param place the stream's place among its account's live streams, given back when it ends
     */
    SseEmitter open(ChangeFilter filter, ChangePosition lastSeen, ConcurrencyLimits.Permit place) {
        ScheduledExecutorService executor = feeder;
        if (executor == null) {
            throw new IllegalStateException("the live streams are stopped");
        }
        SseEmitter emitter = new SseEmitter(properties.streamTimeout().toMillis());
        Stream stream = new Stream(filter, emitter, place);
        emitter.onCompletion(stream.outbox::end);
        emitter.onError(failure -> stream.outbox.end());
        // the client reconnects with Last-Event-ID; ending quietly spares it an error answer it cannot read
        emitter.onTimeout(emitter::complete);
        // The response starts here, on the request thread: Spring writes this send, headers first, while the request
        // thread still owns the response. Left to another thread, the first send would write the headers while the
        // request thread is still finishing the request (security headers, error handling), and Tomcat's headers are
        // not thread safe. Later sends only write the body, which Spring guards against the request's completion.
        stream.outbox.sendNow(SseEmitter.event().comment("open"));
        // every read happens on the feeder thread, so a stream's position needs no lock
        executor.execute(() -> guarded("opening a stream", () -> begin(stream, lastSeen)));
        return emitter;
    }

    private void begin(Stream stream, ChangePosition lastSeen) {
        ChangePosition head = changes.head();
        if (lastSeen == null) {
            stream.position = head;
            stream.outbox.offer(SseEmitter.event().id(stream.idOf(head)).comment("connected"));
        } else if (lastSeen.compareTo(changes.horizon()) < 0) {
            stream.position = head;
            stream.outbox.offer(SseEmitter.event().id(stream.idOf(head)).name("reset").data(Map.of("reason",
                    "changes after the Last-Event-ID are no longer kept; reload the flows, then follow this stream"),
                    MediaType.APPLICATION_JSON));
        } else {
            stream.position = lastSeen;
            catchUp(stream, head);
        }
        if (stream.outbox.open()) {
            streams.add(stream);
        }
    }

    /** Called after each committed batch of the flow-status projection; wakes coalesce into one read. */
    private void wake() {
        ScheduledExecutorService executor = feeder;
        if (executor != null && wakePending.compareAndSet(false, true)) {
            executor.execute(() -> {
                wakePending.set(false);
                guarded("feeding the streams", this::feed);
            });
        }
    }

    private void feed() {
        if (streams.isEmpty()) {
            return;
        }
        ChangePosition head = changes.head();
        for (Stream stream : streams) {
            if (stream.position.compareTo(head) < 0) {
                catchUp(stream, head);
            }
        }
    }

    /**
     * Queues every change after the stream's position. Changes up to {@code head} were settled before these reads
     * began, so once they are read the stream may stand at {@code head} even if none of them was its tenant's: a
     * quiet tenant's stream then costs nothing until the log moves again.
     */
    private void catchUp(Stream stream, ChangePosition head) {
        List<FlowChange> page;
        do {
            page = changes.after(stream.filter, stream.position, PAGE);
            for (FlowChange change : page) {
                if (!stream.outbox.offer(SseEmitter.event().id(stream.idOf(change.position())).name("flow")
                        .data(FlowChangeItem.of(change), MediaType.APPLICATION_JSON))) {
                    return;
                }
                stream.position = change.position();
            }
        } while (page.size() == PAGE);
        stream.position = stream.position.latest(head);
    }

    /** A comment keeps the connection open; its id moves the client's Last-Event-ID to where the stream stands. */
    private void heartbeat() {
        streams.forEach(stream -> stream.outbox.offer(SseEmitter.event().id(stream.idOf(stream.position)).comment("heartbeat")));
    }

    private void sweep() {
        changes.deleteRecordedBefore(Instant.now().minus(properties.retention()));
    }

    private void guarded(String what, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException failure) {
            // the next wake or tick tries again; a periodic task that threw would never run again
            log.warn("Live streams: {} failed", what, failure);
        }
    }

    @Override
    public void start() {
        senders = Executors.newCachedThreadPool(daemon("live-stream-send"));
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(daemon("live-streams"));
        long poll = properties.pollInterval().toMillis();
        executor.scheduleWithFixedDelay(() -> guarded("polling the change log", this::feed), poll, poll, TimeUnit.MILLISECONDS);
        long heartbeat = properties.heartbeatInterval().toMillis();
        executor.scheduleWithFixedDelay(() -> guarded("sending heartbeats", this::heartbeat), heartbeat, heartbeat, TimeUnit.MILLISECONDS);
        long sweep = properties.sweepInterval().toMillis();
        executor.scheduleWithFixedDelay(() -> guarded("sweeping old changes", this::sweep), sweep, sweep, TimeUnit.MILLISECONDS);
        feeder = executor;
    }

    private static ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Streams end before the web server's graceful shutdown, which would otherwise wait for them. */
    @Override
    public void stop() {
        ScheduledExecutorService executor = feeder;
        feeder = null;
        if (executor != null) {
            executor.shutdownNow();
        }
        streams.forEach(stream -> stream.emitter.complete());
        streams.clear();
        if (senders != null) {
            senders.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return feeder != null;
    }

    private final class Stream {
        final ChangeFilter filter;
        final SseEmitter emitter;
        final StreamOutbox outbox;
        ChangePosition position = ChangePosition.START;

        Stream(ChangeFilter filter, SseEmitter emitter, ConcurrencyLimits.Permit place) {
            this.filter = filter;
            this.emitter = emitter;
            this.outbox = new StreamOutbox(emitter, command -> senders.execute(command), () -> {
                streams.remove(this);
                place.close();
            });
        }

        /** A position in the change log counts every tenant's changes: the client gets it sealed. */
        String idOf(ChangePosition position) {
            return seal.seal(EVENT_IDS, filter.account(), position.toString());
        }
    }
}
