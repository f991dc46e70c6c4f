package io.masterflow.limits;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.util.unit.DataSize;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import java.util.function.Function;

/**
 * A request whose body may be larger than {@code masterflow.limits.request-body}: the one that carries an asset
 * inventory. A side declares it as a bean; its body is bounded by {@code limit} instead, and the JSON parser lets its
 * type's strings be that long.
 *
 * @param type the request body's type, when it is read as JSON; null for one its handler streams itself
 */
public record LargeRequestBody(HttpMethod method, String path, Class<?> type, Function<AccountLimits, DataSize> limit) {

    boolean matches(HttpServletRequest request) {
        PathPattern pattern = PathPatternParser.defaultInstance.parse(path);
        return method.matches(request.getMethod())
                && pattern.matches(PathContainer.parsePath(request.getRequestURI().substring(request.getContextPath().length())));
    }
}
