package io.masterflow.observability;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageDispatchInterceptor;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Writes the current span's context (W3C {@code traceparent}) into the metadata of every command and event sent while
 * a span is current, so that whatever handles them, later or in another process, continues the same trace. Stored
 * with the event, it also lets a projection that replays it days later name the request that caused it.
 */
public class TraceContextPropagation implements MessageDispatchInterceptor<Message<?>> {

    private final Tracer tracer;
    private final Propagator propagator;

    public TraceContextPropagation(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    @Override
    public BiFunction<Integer, Message<?>, Message<?>> handle(List<? extends Message<?>> messages) {
        return (index, message) -> {
            Span current = tracer.currentSpan();
            if (current == null) {
                return message;
            }
            Map<String, String> context = new HashMap<>();
            propagator.inject(current.context(), context, Map::put);
            return context.isEmpty() ? message : message.andMetaData(context);
        };
    }
}
