package io.masterflow.command.axon;

import io.masterflow.command.flow.ArchivedFlows;
import io.masterflow.command.flow.ArchivedFlows.ArchivedFlow;
import io.masterflow.command.flow.CommandRejection;
import io.masterflow.command.flow.FlowRejected;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;

import javax.annotation.Nonnull;
import java.util.Optional;

/**
 * Turns a refused command into a {@link CommandExecutionException} carrying a {@link CommandRejection}: the one
 * shape the HTTP layer reads, whether the command ran in this JVM or on another node. A refusal made on a cached flow
 * that another node has moved on from is not answered: it becomes a lost race, decided again on the stored state. A flow
 * with no events that archival took out of the store is refused as gone (410, with where its archive is) to its own
 * account and engagements, and as unknown (404) to everyone else.
 */
public class RejectionInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    private final ArchivedFlows archivedFlows;

    public RejectionInterceptor(ArchivedFlows archivedFlows) {
        this.archivedFlows = archivedFlows;
    }

    @Override
    public Object handle(@Nonnull UnitOfWork<? extends CommandMessage<?>> unitOfWork,
                         @Nonnull InterceptorChain interceptorChain) throws Exception {
        try {
            return interceptorChain.proceed();
        } catch (FlowRejected rejected) {
            // a refusal appends nothing that could collide with a newer state: it must not stand on a stale one
            StoreCheckedCachingRepository.confirmCachedStates(unitOfWork);
            throw rejection(rejected.reason(), rejected.field(), rejected.getMessage());
        } catch (AggregateNotFoundException notFound) {
            String flowId = String.valueOf(notFound.getAggregateIdentifier());
            // no events: never created, or archived (asked only now, so a command to a live flow costs no query)
            Optional<ArchivedFlow> archived = archivedFlows.find(flowId)
                    .filter(flow -> flow.visibleTo(unitOfWork.getMessage().getMetaData()));
            if (archived.isPresent()) {
                throw rejection(FlowRejected.Reason.GONE, null, archived.get().describe() + "; it takes no further commands");
            }
            throw rejection(FlowRejected.Reason.NOT_FOUND, null, FlowRejected.notFoundMessage(flowId));
        }
    }

    private static CommandExecutionException rejection(FlowRejected.Reason reason, String field, String message) {
        return new CommandExecutionException(message, null, new CommandRejection(reason, field, message));
    }
}
