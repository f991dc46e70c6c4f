package io.masterflow.limits;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.masterflow.events.ClientAccountId;
import io.masterflow.security.TokenAccount;
import io.masterflow.web.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each account's calls to the API go through two token buckets of its own (Bucket4j), one for reads (GET) and one for
 * the rest (commands, reports, claims): over its rate, a call is answered 429 with the seconds until a token is back,
 * and nothing else happens. Every other account's buckets are untouched by it. Buckets live on this node.
 */
class RateLimitFilter extends OncePerRequestFilter {

    private enum Kind {
        COMMANDS("commands"), READS("reads");

        final String property;

        Kind(String property) {
            this.property = property;
        }
    }

    private record Key(ClientAccountId account, Kind kind) {
    }

    private final Limits limits;
    private final ProblemResponses problems;
    private final Map<Key, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimitFilter(Limits limits, ProblemResponses problems) {
        this.limits = limits;
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith(request.getContextPath() + "/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<ClientAccountId> account = TokenAccount.current();
        if (account.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        Kind kind = HttpMethod.GET.matches(request.getMethod()) ? Kind.READS : Kind.COMMANDS;
        ConsumptionProbe probe = buckets.computeIfAbsent(new Key(account.get(), kind), this::bucket).tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            chain.doFilter(request, response);
            return;
        }
        Duration retryAfter = Duration.ofSeconds(Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999) / 1_000_000_000));
        Rate rate = rate(account.get(), kind);
        problems.send(request, response, ProblemResponses.problem(HttpStatus.TOO_MANY_REQUESTS, "this account makes more "
                + kind.property + " than the " + rate.perSecond() + " a second (bursts of " + rate.burst() + ") it may "
                + "(masterflow.limits." + kind.property + "); retry after " + retryAfter.toSeconds() + " s"), retryAfter);
    }

    private Bucket bucket(Key key) {
        Rate rate = rate(key.account(), key.kind());
        return Bucket.builder()
                .addLimit(limit -> limit.capacity(rate.burst()).refillGreedy(rate.perSecond(), Duration.ofSeconds(1)))
                .build();
    }

    private Rate rate(ClientAccountId account, Kind kind) {
        AccountLimits limits = this.limits.of(account);
        return kind == Kind.READS ? limits.reads() : limits.commands();
    }
}
