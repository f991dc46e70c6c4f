package io.masterflow.security;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers tokens already verified until they expire: a client sends the same token with every request, and
 * checking its signature and claims each time was a tenth of the server's work per command. A token is only
 * ever cached after full verification, and never served past its expiry.
 */
class VerifiedTokenCache implements JwtDecoder {

    /** Beyond this many live tokens the cache starts over rather than grow without bound. */
    static final int MAX_TOKENS = 10_000;

    private final JwtDecoder verifier;
    private final Clock clock;
    private final Map<String, Jwt> verified = new ConcurrentHashMap<>();

    VerifiedTokenCache(JwtDecoder verifier, Clock clock) {
        this.verifier = verifier;
        this.clock = clock;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt known = verified.get(token);
        if (known != null && isLive(known)) {
            return known;
        }
        Jwt jwt = verifier.decode(token);
        if (jwt.getExpiresAt() != null) {
            if (verified.size() >= MAX_TOKENS) {
                verified.clear();
            }
            verified.put(token, jwt);
        }
        return jwt;
    }

    private boolean isLive(Jwt jwt) {
        Instant now = clock.instant();
        if (jwt.getExpiresAt().isAfter(now)) {
            return true;
        }
        verified.remove(jwt.getTokenValue());
        return false;
    }
}
