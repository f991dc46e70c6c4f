package io.masterflow.query.audit;

import io.masterflow.query.axon.QueryProcessors;
import io.masterflow.query.rebuild.RebuildableProjection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/** The audit trail can be rebuilt: one table. */
@Configuration
class AuditTrailRebuild {

    @Bean
    RebuildableProjection auditTrailRebuildable() {
        return new RebuildableProjection(QueryProcessors.AUDIT_TRAIL, List.of("audit_entry"), RebuildableProjection.REPLAY_BATCH_SIZE, store ->
                new AuditProjection(new AuditTrail(store.jdbc(), store.dataSource(), store.transactions()), store.writes()));
    }
}
