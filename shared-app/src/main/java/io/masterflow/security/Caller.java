package io.masterflow.security;

import io.masterflow.events.ClientAccountId;
import io.masterflow.events.EngagementId;
import io.masterflow.events.MetaDataKeys;
import org.axonframework.messaging.MetaData;

import java.util.Map;
import java.util.Objects;

/**
 * Who sends a command, as the server read it from the bearer token. It travels in the command's metadata
 * and reaches the aggregate as a handler parameter, so ownership checks happen where the flow's owner is known.
 */
public record Caller(String userId, ClientAccountId account, EngagementScope engagements) {

    static final String ENGAGEMENT_SCOPE = "engagementScope";

    public Caller {
        Objects.requireNonNull(userId, "user id");
        Objects.requireNonNull(account, "client account");
        Objects.requireNonNull(engagements, "engagement scope");
    }

    public boolean mayAccess(ClientAccountId owner, EngagementId engagement) {
        return account.equals(owner) && engagements.includes(engagement);
    }

    public Map<String, String> toMetaData() {
        return Map.of(MetaDataKeys.USER_ID, userId,
                MetaDataKeys.CLIENT_ACCOUNT_ID, account.toString(),
                ENGAGEMENT_SCOPE, engagements.encode());
    }

    public static Caller fromMetaData(MetaData metaData) {
        Object user = metaData.get(MetaDataKeys.USER_ID);
        Object account = metaData.get(MetaDataKeys.CLIENT_ACCOUNT_ID);
        if (user == null || account == null) {
            throw new IllegalStateException("command carries no caller: it must be sent with the caller's metadata");
        }
        return new Caller(user.toString(), ClientAccountId.of(account.toString()),
                EngagementScope.decode((String) metaData.get(ENGAGEMENT_SCOPE)));
    }
}
