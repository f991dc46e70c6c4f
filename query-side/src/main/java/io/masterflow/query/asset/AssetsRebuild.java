package io.masterflow.query.asset;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.masterflow.query.axon.QueryProcessors;
import io.masterflow.query.rebuild.RebuildableProjection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/** The assets read model can be rebuilt: one table. */
@Configuration
class AssetsRebuild {

    @Bean
    RebuildableProjection assetsRebuildable(ObjectMapper json) {
        // an AssetsDiscovered event holds up to 500 assets: 20 events make a batch of at most 10,000 rows
        return new RebuildableProjection(QueryProcessors.ASSETS, List.of("flow_asset"), 20,
                store -> new AssetProjection(new AssetRepository(store.jdbc(), json), store.writes()));
    }
}
