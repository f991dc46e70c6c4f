package io.masterflow.query.erasure;

import org.springframework.lang.Nullable;

import java.util.Objects;
import java.util.UUID;

/**
 * Whose personal data an erasure removes: one user within one account, one user in every account, or every user of
 * one account.
 */
public record ErasureScope(@Nullable UUID account, @Nullable String user) {

    public ErasureScope {
        if (account == null && user == null) {
            throw new IllegalArgumentException("an erasure names a user, an account or both");
        }
    }

    public static ErasureScope user(String user, @Nullable UUID account) {
        return new ErasureScope(account, Objects.requireNonNull(user, "user"));
    }

    public static ErasureScope account(UUID account) {
        return new ErasureScope(Objects.requireNonNull(account, "account"), null);
    }

    /** {@code user} or {@code account}, as the erasure is recorded. */
    public String kind() {
        return user != null ? "user" : "account";
    }
}
