package io.masterflow.command.flow;

import io.masterflow.security.Caller;
import io.masterflow.events.MetaDataKeys;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Sends flow commands on behalf of a caller: stamps the caller and correlation id into the metadata, and
 * retries a command that lost an append race to another node (the retry re-decides on the newer state).
 */
@Component
public class FlowCommands {

    private static final int ATTEMPTS_ON_CONCURRENT_APPEND = 3;

    private final CommandGateway gateway;
    private final Duration timeout;

    public FlowCommands(CommandGateway gateway, @Value("${masterflow.command.timeout:10s}") Duration timeout) {
        this.gateway = gateway;
        this.timeout = timeout;
    }

    public <R> R send(Object command, Caller caller, String correlationId) {
        Map<String, Object> metaData = new HashMap<>(caller.toMetaData());
        if (correlationId != null && !correlationId.isBlank()) {
            metaData.put(MetaDataKeys.CORRELATION_ID, correlationId);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return gateway.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(metaData),
                        timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ConcurrencyException | AggregateStreamCreationException lostRace) {
                if (attempt == ATTEMPTS_ON_CONCURRENT_APPEND) {
                    throw lostRace;
                }
            }
        }
    }
}
