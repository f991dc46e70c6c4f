package io.masterflow.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * Builds every error body as RFC 9457 problem+json: the exception handler of the controllers and the security
 * filter chain (which answers before any controller runs) both use it.
 */
@Component
public class ProblemResponses {

    private final ObjectMapper objectMapper;

    public ProblemResponses(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    public static ProblemDetail problem(HttpStatus status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        // a stable, non-resolvable identifier per kind of problem (RFC 9457 allows URNs); clients switch on it
        problem.setType(URI.create("urn:masterflow:problem:" + status.name().toLowerCase().replace('_', '-')));
        return problem;
    }

    public void unauthorized(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        String detail = failure instanceof OAuth2AuthenticationException oauth && oauth.getError().getDescription() != null
                ? "the bearer token was refused: " + oauth.getError().getDescription()
                : "this endpoint needs a bearer token (header 'Authorization: Bearer <token>')";
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        write(request, response, problem(HttpStatus.UNAUTHORIZED, detail));
    }

    public void forbidden(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        write(request, response, problem(HttpStatus.FORBIDDEN,
                "the token's roles do not allow " + request.getMethod() + " " + request.getRequestURI()));
    }

    /** Answers a request with a problem before any controller runs (a filter's refusal), with Retry-After when given. */
    public void send(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem, Duration retryAfter)
            throws IOException {
        if (retryAfter != null) {
            response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfter.toSeconds()));
        }
        write(request, response, problem);
    }

    private void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem) throws IOException {
        problem.setInstance(URI.create(request.getRequestURI()));
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        objectMapper.writeValue(response.getOutputStream(), problem);
    }
}
