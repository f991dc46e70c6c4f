package io.masterflow.observability;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * A span around the handling of each command or event, a child of the span whose context the message carries
 * ({@link TraceContextPropagation}): the HTTP request that sent a command, the command whose events a projection
 * stores. A message that carries none (stored before tracing was on) starts a trace of its own.
 */
public class TracedHandling implements MessageHandlerInterceptor<Message<?>> {

    private static final Propagator.Getter<MetaData> METADATA = (metaData, key) -> {
        Object value = metaData.get(key);
        return value == null ? null : value.toString();
    };

    private final Tracer tracer;
    private final Propagator propagator;
    private final String kind;

    /** @param kind what handles the messages, named in each span ({@code command}, or the processor's name) */
    public TracedHandling(Tracer tracer, Propagator propagator, String kind) {
        this.tracer = tracer;
        this.propagator = propagator;
        this.kind = kind;
    }

    @Override
    public Object handle(UnitOfWork<? extends Message<?>> unitOfWork, InterceptorChain chain) throws Exception {
        Message<?> message = unitOfWork.getMessage();
        Span span = parentOf(message.getMetaData())
                .name(kind + " " + message.getPayloadType().getSimpleName())
                .tag("masterflow.handler", kind)
                .start();
        try (Tracer.SpanInScope ignored = tracer.withSpan(span)) {
            return chain.proceed();
        } catch (Exception | Error failure) {
            span.error(failure);
            throw failure;
        } finally {
            span.end();
        }
    }

    private Span.Builder parentOf(MetaData metaData) {
        boolean carried = propagator.fields().stream().anyMatch(metaData::containsKey);
        return carried ? propagator.extract(metaData, METADATA) : tracer.spanBuilder();
    }
}
