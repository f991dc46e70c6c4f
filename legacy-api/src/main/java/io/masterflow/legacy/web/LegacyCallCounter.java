package io.masterflow.legacy.web;

import io.masterflow.security.CallerArgumentResolver;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Counts legacy calls ({@code masterflow.legacy.calls}) by path family, route, method, answer status and client
 * account: before the layer is switched off, operators see which tenants still call which legacy path. Accounts are
 * a tag on purpose here, and only here: they are few, and knowing them is the point of this meter.
 */
public class LegacyCallCounter implements HandlerInterceptor {

    public static final String METER = "masterflow.legacy.calls";

    private final MeterRegistry meters;

    public LegacyCallCounter(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, Exception failure) {
        Object family = request.getAttribute(LegacyPathFilter.FAMILY);
        if (family == null) {
            return;
        }
        Object route = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        String account = CallerArgumentResolver.current().map(caller -> caller.account().toString()).orElse("none");
        meters.counter(METER, "family", family.toString(), "path", route == null ? "unknown" : route.toString(),
                "method", request.getMethod(), "status", String.valueOf(response.getStatus()), "account", account).increment();
    }
}
