package io.masterflow.limits;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * {@code masterflow.limits.*}: the limits every account gets, and the accounts that get others. The defaults stop
 * abuse, not heavy use: a client running thousands of flows a minute, a loader with a thousand clients or an import of
 * a million assets stays within them. Limits hold per node: with several nodes an account may take that much of each.
 *
 * @param jsonDepth        the deepest nesting of a JSON request body, for every account (the parser's own bound)
 * @param jsonStringLength the longest string of a JSON request body, for every account (an inventory's excepted)
 * @param accounts         per account (its UUID), any of the limits above it set differently
 */
@ConfigurationProperties(prefix = "masterflow.limits")
public record LimitProperties(Integer jsonDepth, DataSize jsonStringLength, DataSize requestBody, DataSize document,
                              DataSize inventoryBytes, Long inventoryRows, RateProperties commands, RateProperties reads,
                              Integer liveStreams, Integer waitingReads, Integer waitingClaims, Integer exports,
                              Map<UUID, Overrides> accounts) {

    public LimitProperties {
        jsonDepth = Objects.requireNonNullElse(jsonDepth, 32);
        jsonStringLength = Objects.requireNonNullElse(jsonStringLength, DataSize.ofKilobytes(256));
        accounts = accounts == null ? Map.of() : Map.copyOf(accounts);
    }

    /** The limits of an account that sets none of its own. */
    public AccountLimits defaults() {
        return new AccountLimits(
                Objects.requireNonNullElse(requestBody, DataSize.ofMegabytes(1)),
                Objects.requireNonNullElse(document, DataSize.ofKilobytes(256)),
                Objects.requireNonNullElse(inventoryBytes, DataSize.ofMegabytes(50)),
                Objects.requireNonNullElse(inventoryRows, 1_000_000L),
                RateProperties.orDefault(commands).over(new Rate(5_000, 10_000)),
                RateProperties.orDefault(reads).over(new Rate(5_000, 10_000)),
                Objects.requireNonNullElse(liveStreams, 200),
                Objects.requireNonNullElse(waitingReads, 32),
                Objects.requireNonNullElse(waitingClaims, 1_000),
                Objects.requireNonNullElse(exports, 4));
    }

    /** A rate as configured: either part may be left out. */
    public record RateProperties(Long perSecond, Long burst) {

        static RateProperties orDefault(RateProperties configured) {
            return configured == null ? new RateProperties(null, null) : configured;
        }

        Rate over(Rate fallback) {
            return new Rate(Objects.requireNonNullElse(perSecond, fallback.perSecond()), Objects.requireNonNullElse(burst, fallback.burst()));
        }
    }

    /** An account's own limits; what it leaves out is the default. */
    public record Overrides(DataSize requestBody, DataSize document, DataSize inventoryBytes, Long inventoryRows,
                            RateProperties commands, RateProperties reads, Integer liveStreams, Integer waitingReads,
                            Integer waitingClaims, Integer exports) {

        AccountLimits over(AccountLimits defaults) {
            return new AccountLimits(
                    Objects.requireNonNullElse(requestBody, defaults.requestBody()),
                    Objects.requireNonNullElse(document, defaults.document()),
                    Objects.requireNonNullElse(inventoryBytes, defaults.inventoryBytes()),
                    Objects.requireNonNullElse(inventoryRows, defaults.inventoryRows()),
                    RateProperties.orDefault(commands).over(defaults.commands()),
                    RateProperties.orDefault(reads).over(defaults.reads()),
                    Objects.requireNonNullElse(liveStreams, defaults.liveStreams()),
                    Objects.requireNonNullElse(waitingReads, defaults.waitingReads()),
                    Objects.requireNonNullElse(waitingClaims, defaults.waitingClaims()),
                    Objects.requireNonNullElse(exports, defaults.exports()));
        }
    }
}
