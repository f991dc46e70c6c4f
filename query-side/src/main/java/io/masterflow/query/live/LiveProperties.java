package io.masterflow.query.live;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.Objects;

/**
 * The live stream of flow changes ({@code masterflow.query.live.*}).
 *
 * @param pollInterval      how often open streams look for changes committed by other query nodes (those of this
 *                          node they hear of at once)
 * @param heartbeatInterval how often an idle stream gets a comment, so that proxies keep it open and a client gone
 *                          away is noticed
 * @param streamTimeout     a stream ends after this long and the client reconnects with Last-Event-ID, missing
 *                          nothing; connections so spread again over the query nodes
 * @param retention         how long the change log keeps a change; a client resuming from an older one is told to
 *                          reload
 * @param sweepInterval     how often changes older than the retention are deleted
 */
@ConfigurationProperties(prefix = "masterflow.query.live")
public record LiveProperties(Duration pollInterval, Duration heartbeatInterval, Duration streamTimeout,
                             Duration retention, Duration sweepInterval) {

    public LiveProperties {
        pollInterval = Objects.requireNonNullElse(pollInterval, Duration.ofMillis(500));
        heartbeatInterval = Objects.requireNonNullElse(heartbeatInterval, Duration.ofSeconds(15));
        streamTimeout = Objects.requireNonNullElse(streamTimeout, Duration.ofMinutes(30));
        retention = Objects.requireNonNullElse(retention, Duration.ofHours(24));
        sweepInterval = Objects.requireNonNullElse(sweepInterval, Duration.ofMinutes(10));
    }
}
