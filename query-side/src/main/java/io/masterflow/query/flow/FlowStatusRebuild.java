package io.masterflow.query.flow;

import io.masterflow.query.axon.QueryProcessors;
import io.masterflow.query.rebuild.RebuildableProjection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/** The flow-status projection can be rebuilt: its two tables, the flow's before its phases'. */
@Configuration
class FlowStatusRebuild {

    @Bean
    RebuildableProjection flowStatusRebuildable() {
        return new RebuildableProjection(QueryProcessors.FLOW_STATUS, List.of("flow_status", "flow_phase_status"),
                RebuildableProjection.REPLAY_BATCH_SIZE, store -> {
            FlowStatusRepository repository = new FlowStatusRepository(store.jdbc());
            // nobody waits on the copies: read-your-writes follows the live tables
            return new FlowStatusProjection(repository, new ReadModelProgress(repository), store.writes());
        });
    }
}
