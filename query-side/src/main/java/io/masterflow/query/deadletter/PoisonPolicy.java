package io.masterflow.query.deadletter;

import io.masterflow.query.axon.StorableText;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.EnqueuePolicy;
import org.axonframework.messaging.deadletter.ThrowableCause;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;

import java.sql.SQLException;

/**
 * Dead-letters an event only when the event itself is at fault. A database that fails (down, a timeout, a deadlock,
 * a missing table) is never the event's fault, and every event of the batch would fail alike: that failure is
 * thrown on, so the processor rolls the batch back and retries it, as it did before there was a queue. Everything
 * else a handler throws (an event it cannot read or place) puts the event in the queue, and its flow's later events
 * behind it. A letter counts its failed attempts in its diagnostics ({@value #FAILURES}).
 */
final class PoisonPolicy implements EnqueuePolicy<EventMessage<?>> {

    static final String FAILURES = "failures";

    @Override
    public EnqueueDecision<EventMessage<?>> decide(DeadLetter<? extends EventMessage<?>> letter, Throwable cause) {
        if (isInfrastructure(cause)) {
            throw cause instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("the database failed while handling event " + letter.message().getIdentifier(), cause);
        }
        // requeue and enqueue are the same decision to Axon; requeue also serves a letter retried and refused again
        ThrowableCause truncated = ThrowableCause.truncated(cause);
        // the message may quote the event's own text, which the queue's table must be able to hold
        ThrowableCause storable = new ThrowableCause(truncated.type(), StorableText.of(truncated.message()));
        return Decisions.requeue(storable, failed -> failed.diagnostics()
                .and(FAILURES, failures(failed.diagnostics()) + 1));
    }

    private static long failures(MetaData diagnostics) {
        Object failures = diagnostics.get(FAILURES);
        return failures instanceof Number number ? number.longValue() : 0;
    }

    static boolean isInfrastructure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof DataAccessException || cause instanceof TransactionException || cause instanceof SQLException) {
                return true;
            }
        }
        return false;
    }
}
