package io.masterflow.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VerifiedTokenCacheTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    private final AtomicInteger verifications = new AtomicInteger();
    private final MovableClock clock = new MovableClock(NOW);

    /** Verifies like the real decoder as far as expiry goes: refuses a token whose expiry has passed. */
    private JwtDecoder verifierOfTokensExpiringAt(Instant expiry) {
        return token -> {
            verifications.incrementAndGet();
            if (!expiry.isAfter(clock.instant())) {
                throw new BadJwtException("Jwt expired at " + expiry);
            }
            return Jwt.withTokenValue(token).header("alg", "HS256").subject("alice").expiresAt(expiry).build();
        };
    }

    @Test
    void a_token_seen_before_is_not_verified_again_while_it_lives() {
        VerifiedTokenCache cache = new VerifiedTokenCache(verifierOfTokensExpiringAt(NOW.plusSeconds(600)), clock);

        Jwt first = cache.decode("token-a");
        Jwt second = cache.decode("token-a");

        assertThat(second).isSameAs(first);
        assertThat(verifications).hasValue(1);
    }

    @Test
    void a_cached_token_past_its_expiry_goes_back_to_the_verifier_and_is_refused() {
        VerifiedTokenCache cache = new VerifiedTokenCache(verifierOfTokensExpiringAt(NOW.plusSeconds(60)), clock);
        cache.decode("token-b");

        clock.moveTo(NOW.plusSeconds(61));

        assertThatThrownBy(() -> cache.decode("token-b")).isInstanceOf(BadJwtException.class);
        assertThat(verifications).hasValue(2);
    }

    @Test
    void a_refused_token_is_never_cached() {
        VerifiedTokenCache cache = new VerifiedTokenCache(token -> {
            verifications.incrementAndGet();
            throw new BadJwtException("bad signature");
        }, clock);

        assertThatThrownBy(() -> cache.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> cache.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThat(verifications).hasValue(2);
    }

    private static final class MovableClock extends Clock {

        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void moveTo(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
