package io.masterflow.limits;

import java.util.function.ToIntFunction;

/** The long-lived requests an account may only hold so many of at once. */
public enum Concurrency {

    LIVE_STREAMS("live streams", "live-streams", AccountLimits::liveStreams),
    WAITING_READS("reads waiting for the read model", "waiting-reads", AccountLimits::waitingReads),
    WAITING_CLAIMS("claims waiting for work", "waiting-claims", AccountLimits::waitingClaims),
    EXPORTS("audit exports", "exports", AccountLimits::exports);

    final String what;
    final String property;
    final ToIntFunction<AccountLimits> limit;

    Concurrency(String what, String property, ToIntFunction<AccountLimits> limit) {
        this.what = what;
        this.property = property;
        this.limit = limit;
    }
}
