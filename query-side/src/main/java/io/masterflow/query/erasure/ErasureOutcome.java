package io.masterflow.query.erasure;

import org.springframework.lang.Nullable;

import java.time.Instant;
import java.util.UUID;

/**
 * What an erasure did: the keys it destroyed (0 when the subject was erased before, or never had one) and the
 * read-model rows it rewrote. The erased user's id is not repeated.
 *
 * @param subject   {@code user} or {@code account}
 * @param accountId the account the erasure was limited to; null for a user erased in every account
 */
public record ErasureOutcome(UUID erasureId, String subject, @Nullable UUID accountId, int keysDestroyed,
                             long readModelRowsErased, Instant erasedAt) {
}
