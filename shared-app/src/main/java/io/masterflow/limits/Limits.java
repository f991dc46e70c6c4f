package io.masterflow.limits;

import io.masterflow.events.ClientAccountId;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Each account's limits, resolved once from {@link LimitProperties}. */
@Component
public class Limits {

    private final LimitProperties properties;
    private final AccountLimits defaults;
    private final Map<UUID, AccountLimits> accounts;

    public Limits(LimitProperties properties) {
        this.properties = properties;
        this.defaults = properties.defaults();
        this.accounts = properties.accounts().entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, account -> account.getValue().over(defaults)));
    }

    /** @param account null for a caller of no account (the platform operator): the defaults */
    public AccountLimits of(ClientAccountId account) {
        return account == null ? defaults : accounts.getOrDefault(account.value(), defaults);
    }

    public int jsonDepth() {
        return properties.jsonDepth();
    }

    public long jsonStringLength() {
        return properties.jsonStringLength().toBytes();
    }

    /** The largest inventory any account may send: a body that carries one is parsed with strings up to that long. */
    public long largestInventory() {
        return Stream.concat(Stream.of(defaults), accounts.values().stream())
                .mapToLong(limits -> limits.inventoryBytes().toBytes()).max().orElseThrow();
    }
}
