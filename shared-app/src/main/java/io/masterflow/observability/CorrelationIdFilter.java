package io.masterflow.observability;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.regex.Pattern;

/**
 * The caller's {@code X-Correlation-Id} in the logging context for the whole request, before any command is sent.
 * Only a plain token is taken: a value with line breaks or other characters could forge log lines (the request is
 * refused later anyway, but its log lines come first).
 */
public class CorrelationIdFilter extends OncePerRequestFilter {

    public static final String HEADER = "X-Correlation-Id";
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._:@/+=-]{1,128}");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String correlationId = request.getHeader(HEADER);
        if (correlationId == null || !PLAIN.matcher(correlationId).matches()) {
            chain.doFilter(request, response);
            return;
        }
        MDC.put(CorrelationIdLogging.MDC_KEY, correlationId);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(CorrelationIdLogging.MDC_KEY);
        }
    }
}
