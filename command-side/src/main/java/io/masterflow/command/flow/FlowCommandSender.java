package io.masterflow.command.flow;

import io.masterflow.security.Caller;
import io.masterflow.events.MetaDataKeys;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Sends flow commands on behalf of a caller: stamps the caller and correlation id into the metadata, runs each in one
 * of the node's {@link CommandSlots}, and retries a command that lost an append race to another node (the retry
 * re-decides on the newer state).
 */
@Component
public class FlowCommandSender {

    private static final int ATTEMPTS_ON_CONCURRENT_APPEND = 3;

    private final CommandGateway gateway;
    private final TransactionTemplate transactions;
    private final Duration timeout;
    private final CommandSlots slots;

    public FlowCommandSender(CommandGateway gateway, PlatformTransactionManager transactions,
                        @Value("${masterflow.command.timeout:10s}") Duration timeout, CommandSlots slots) {
        this.gateway = gateway;
        this.transactions = new TransactionTemplate(transactions);
        this.timeout = timeout;
        this.slots = slots;
    }

    public <R> R send(Object command, Caller caller, String correlationId) {
        return send(command, caller, correlationId, Map.of());
    }

    /**
     * As {@link #send(Object, Caller, String)}, with more metadata on the command, which its events carry too when a
     * correlation provider names it (the API a command came through, {@link MetaDataKeys#VIA}).
     */
    public <R> R send(Object command, Caller caller, String correlationId, Map<String, String> more) {
        MetaData metaData = metaData(caller, correlationId).mergedWith(more);
        return slots.run(() -> retryingLostRaces(() -> dispatch(command, metaData)));
    }

    /**
     * Sends the command and, in the same database transaction, does {@code andThen} with its result: both commit or
     * neither does, with one commit instead of two. The command's handler joins the transaction when it runs on this
     * thread (the local command bus); through Axon Server it commits on its own first, and only {@code andThen} is in
     * the transaction.
     */
    public <R, T> T send(Object command, Caller caller, String correlationId, Function<R, T> andThen) {
        return send(command, caller, correlationId, Map.of(), andThen);
    }

    /** Both at once: more metadata, and {@code andThen} in the command's transaction. */
    public <R, T> T send(Object command, Caller caller, String correlationId, Map<String, String> more, Function<R, T> andThen) {
        MetaData metaData = metaData(caller, correlationId).mergedWith(more);
        return slots.run(() -> retryingLostRaces(() -> transactions.execute(status -> andThen.apply(dispatch(command, metaData)))));
    }

    private static MetaData metaData(Caller caller, String correlationId) {
        Map<String, Object> metaData = new HashMap<>(caller.toMetaData());
        if (correlationId != null && !correlationId.isBlank()) {
            metaData.put(MetaDataKeys.CORRELATION_ID, correlationId);
        }
        return MetaData.from(metaData);
    }

    private <R> R dispatch(Object command, MetaData metaData) {
        return gateway.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(metaData),
                timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A lost race rolls back the whole transaction, so the retry starts a new one. */
    private static <T> T retryingLostRaces(Supplier<T> send) {
        for (int attempt = 1; ; attempt++) {
            try {
                return send.get();
            } catch (ConcurrencyException | AggregateStreamCreationException lostRace) {
                if (attempt == ATTEMPTS_ON_CONCURRENT_APPEND) {
                    throw lostRace;
                }
            }
        }
    }
}
