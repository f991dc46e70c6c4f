package io.masterflow.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

import java.util.List;
import java.util.Map;

/**
 * The texts of a request besides its body: query parameters, path variables and the headers masterflow reads hold no
 * control character at all ({@link ControlCharacters}), and those headers are at most {@value #LONGEST_HEADER}
 * characters (a correlation id is stamped on every event of its request). A text that breaks the rule is refused with
 * a 400 naming it.
 */
public class RequestParameterInspection implements HandlerInterceptor {

    /** Headers whose values masterflow keeps or compares; the others it never reads. */
    static final List<String> READ_HEADERS = List.of("X-Correlation-Id", "Idempotency-Key", "X-Worker-Id", "X-Engagement-Id",
            "Last-Event-ID");
    static final int LONGEST_HEADER = 255;

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        request.getParameterMap().forEach((name, values) -> {
            if (ControlCharacters.firstRefused(name, false) >= 0) {
                throw new InvalidRequest("query", "the name of a query parameter holds a control character");
            }
            for (String value : values) {
                ControlCharacters.check(name, value, false);
            }
        });
        if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables) {
            variables.forEach((name, value) -> ControlCharacters.check(String.valueOf(name), String.valueOf(value), false));
        }
        for (String header : READ_HEADERS) {
            String value = request.getHeader(header);
            if (value != null && value.length() > LONGEST_HEADER) {
                throw new InvalidRequest(header, "header '" + header + "' must be at most " + LONGEST_HEADER + " characters");
            }
            ControlCharacters.check(header, value, false);
        }
        return true;
    }
}
