package io.masterflow.legacy.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.masterflow.legacy.LegacyProperties;
import io.masterflow.web.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

import java.io.IOException;
import java.net.URI;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Every answer on a legacy path, before the security chain so that a 401 gets it too: the deprecation headers
 * ({@code Deprecation}, RFC 9745; {@code Sunset}, RFC 8594; the successor's {@code Link}), errors typed
 * {@code application/json} as the legacy services typed them (the problem body's {@code detail} is what FastAPI's
 * clients read), and, with the layer switched off, 410 with the successor's link instead of an answer.
 */
public class LegacyPathFilter extends OncePerRequestFilter {

    /** Request attribute: the legacy path family of the call, for the commands it sends and the metric. */
    public static final String FAMILY = LegacyPathFilter.class.getName() + ".family";

    private static final UrlPathHelper PATHS = new UrlPathHelper();

    private final LegacyProperties properties;
    private final ObjectMapper json;
    private final String deprecation;
    private final String sunset;

    public LegacyPathFilter(LegacyProperties properties, ObjectMapper json) {
        this.properties = properties;
        this.json = json;
        this.deprecation = "@" + properties.deprecatedSince().getEpochSecond();
        this.sunset = DateTimeFormatter.RFC_1123_DATE_TIME.format(properties.sunset().atOffset(ZoneOffset.UTC));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = PATHS.getPathWithinApplication(request);
        Optional<LegacyPaths.Call> call = LegacyPaths.match(request.getMethod(), path);
        if (call.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader("Deprecation", deprecation);
        response.setHeader("Sunset", sunset);
        response.setHeader(HttpHeaders.LINK, "<" + call.get().successor() + ">; rel=\"successor-version\"");
        if (!properties.enabled()) {
            ProblemDetail gone = ProblemResponses.problem(HttpStatus.GONE, "the legacy API is switched off on this server: use "
                    + call.get().successor() + " instead (see the Link header)");
            gone.setInstance(URI.create(path));
            response.setStatus(HttpStatus.GONE.value());
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            json.writeValue(response.getOutputStream(), gone);
            return;
        }
        request.setAttribute(FAMILY, call.get().family());
        chain.doFilter(request, new PlainJsonErrors(response));
    }

    /** Problem bodies typed application/json, the one error type legacy clients expect. */
    private static final class PlainJsonErrors extends HttpServletResponseWrapper {

        PlainJsonErrors(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void setContentType(String type) {
            super.setContentType(plain(type));
        }

        @Override
        public void setHeader(String name, String value) {
            super.setHeader(name, HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name) ? plain(value) : value);
        }

        @Override
        public void addHeader(String name, String value) {
            super.addHeader(name, HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name) ? plain(value) : value);
        }

        private static String plain(String type) {
            return type != null && type.startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE)
                    ? MediaType.APPLICATION_JSON_VALUE + type.substring(MediaType.APPLICATION_PROBLEM_JSON_VALUE.length())
                    : type;
        }
    }
}
