package io.masterflow.query.analytics;

import io.masterflow.query.axon.QueryProcessors;
import io.masterflow.query.rebuild.RebuildableProjection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/** The analytics read model can be rebuilt: its flows and their finished attempts. */
@Configuration
class AnalyticsRebuild {

    @Bean
    RebuildableProjection analyticsRebuildable() {
        return new RebuildableProjection(QueryProcessors.ANALYTICS, List.of("analytics_flow", "analytics_phase_attempt"),
                RebuildableProjection.REPLAY_BATCH_SIZE,
                store -> new AnalyticsProjection(new AnalyticsFacts(store.jdbc()), store.writes()));
    }
}
