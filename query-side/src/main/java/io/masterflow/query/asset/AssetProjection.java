package io.masterflow.query.asset;

import io.masterflow.events.AssetValidated;
import io.masterflow.events.AssetsDiscovered;
import io.masterflow.events.ClientAccountId;
import io.masterflow.events.EngagementId;
import io.masterflow.events.FlowId;
import io.masterflow.events.MetaDataKeys;
import io.masterflow.query.axon.PendingWrites;
import io.masterflow.query.axon.ProjectionWrites;
import io.masterflow.query.axon.QueryProcessors;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the assets read model: every asset an AssetsDiscovered event reports and every judgement of one. A batch's
 * writes are made in its prepare-commit phase, in the transaction that also moves the processor's token.
 */
@Component
@ProcessingGroup(QueryProcessors.ASSETS)
public class AssetProjection {

    private static final Logger log = LoggerFactory.getLogger(AssetProjection.class);
    private static final String BATCH = AssetProjection.class.getName() + ".batch";

    private final AssetRepository repository;
    private final ProjectionWrites writes;

    public AssetProjection(AssetRepository repository, ProjectionWrites writes) {
        this.repository = repository;
        this.writes = writes;
    }

    @EventHandler
    void on(AssetsDiscovered event, DomainEventMessage<?> message) {
        writes.project(QueryProcessors.ASSETS, BATCH, () -> discovered(event, message));
    }

    @EventHandler
    void on(AssetValidated event, DomainEventMessage<?> message) {
        writes.project(QueryProcessors.ASSETS, BATCH, () -> batch().validations.add(new AssetRepository.Validation(
                FlowId.of(message.getAggregateIdentifier()), event.assetId(), ValidationState.of(event.verdict()), event.notes(),
                message.getTimestamp(), user(message.getMetaData()), message.getSequenceNumber())));
    }

    private void discovered(AssetsDiscovered event, DomainEventMessage<?> message) {
        MetaData metaData = message.getMetaData();
        Object account = metaData.get(MetaDataKeys.CLIENT_ACCOUNT_ID);
        Object engagement = metaData.get(MetaDataKeys.ENGAGEMENT_ID);
        if (account == null || engagement == null) {
            log.warn("AssetsDiscovered {} of flow {} carries no owner; the assets read model skips it",
                    message.getSequenceNumber(), message.getAggregateIdentifier());
            return;
        }
        FlowId flowId = FlowId.of(message.getAggregateIdentifier());
        Batch batch = batch();
        event.assets().forEach(asset -> batch.discoveries.add(new AssetRepository.Discovery(flowId,
                ClientAccountId.of(account.toString()), EngagementId.of(engagement.toString()), asset,
                event.phase().value(), message.getTimestamp(), user(metaData), message.getSequenceNumber())));
    }

    private Batch batch() {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        return unitOfWork.getOrComputeResource(BATCH, key -> {
            Batch batch = new Batch();
            unitOfWork.onPrepareCommit(committing -> batch.write());
            return batch;
        });
    }

    private final class Batch implements PendingWrites {
        final List<AssetRepository.Discovery> discoveries = new ArrayList<>();
        final List<AssetRepository.Validation> validations = new ArrayList<>();

        @Override
        public void write() {
            List<AssetRepository.Discovery> discovered = List.copyOf(discoveries);
            List<AssetRepository.Validation> validated = List.copyOf(validations);
            discoveries.clear();
            validations.clear();
            repository.saveAll(discovered, validated);
        }
    }

    private static String user(MetaData metaData) {
        Object user = metaData.get(MetaDataKeys.USER_ID);
        return user == null ? null : user.toString();
    }
}
