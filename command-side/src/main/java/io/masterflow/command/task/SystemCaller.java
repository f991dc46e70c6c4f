package io.masterflow.command.task;

import io.masterflow.events.ClientAccountId;
import io.masterflow.events.EngagementId;
import io.masterflow.security.Caller;
import io.masterflow.security.EngagementScope;

import java.util.List;

/**
 * masterflow acting on a flow by itself (an in-process handler reporting, an expired lease failing an attempt): a
 * caller confined to that flow's account and engagement, whose user id names what acted.
 */
public final class SystemCaller {

    private SystemCaller() {
    }

    public static Caller of(String actor, String account, String engagement) {
        return new Caller("masterflow:" + actor, ClientAccountId.of(account), EngagementScope.of(List.of(EngagementId.of(engagement).toString())));
    }
}
