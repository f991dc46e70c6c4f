package io.masterflow.observability;

import io.masterflow.events.MetaDataKeys;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.MDC;

/**
 * Puts the correlation id of the message being handled into the logging context ({@code correlationId}), so that
 * every line logged while a command, a deadline or a projection's event is handled names the request behind it: the
 * caller's {@code X-Correlation-Id}, or else the id of the request's first command, as the events store it.
 */
public class CorrelationIdLogging implements MessageHandlerInterceptor<Message<?>> {

    public static final String MDC_KEY = "correlationId";

    @Override
    public Object handle(UnitOfWork<? extends Message<?>> unitOfWork, InterceptorChain chain) throws Exception {
        Message<?> message = unitOfWork.getMessage();
        Object correlationId = message.getMetaData().getOrDefault(MetaDataKeys.CORRELATION_ID, message.getIdentifier());
        String outer = MDC.get(MDC_KEY);
        MDC.put(MDC_KEY, correlationId.toString());
        try {
            return chain.proceed();
        } finally {
            if (outer == null) {
                MDC.remove(MDC_KEY);
            } else {
                MDC.put(MDC_KEY, outer);
            }
        }
    }
}
