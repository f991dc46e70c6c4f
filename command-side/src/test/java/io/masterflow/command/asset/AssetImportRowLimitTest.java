package io.masterflow.command.asset;

import io.masterflow.command.task.PhaseOutcome;
import io.masterflow.command.task.PhaseWork;
import io.masterflow.events.ClientAccountId;
import io.masterflow.events.EngagementId;
import io.masterflow.events.FlowId;
import io.masterflow.events.PhaseName;
import io.masterflow.limits.LimitProperties;
import io.masterflow.limits.Limits;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The import reads no more rows than the flow's account may import, wherever the inventory comes from (the store
 * refuses a larger one when it is sent; an inline one given in-process, or a limit lowered since, meets this bound).
 * The rows are inline here: reading from the store is InventoryStoreIntegrationTest's.
 */
class AssetImportRowLimitTest {

    private static final Limits THREE_ROWS = new Limits(new LimitProperties(null, null, null, null, null, 3L, null, null, null,
            null, null, null, null));
    private final AssetImportHandler handler = new AssetImportHandler(null, THREE_ROWS);

    private static PhaseWork work(Object inventory) {
        return new PhaseWork(new FlowId(UUID.randomUUID()), new ClientAccountId(UUID.randomUUID()), new EngagementId(UUID.randomUUID()),
                "discovery", PhaseName.of("data_import"), 1, Map.of("source", "cmdb", "inventory", inventory));
    }

    @Test
    void one_row_more_than_the_account_may_import_fails_the_phase_for_good_and_imports_nothing() throws Exception {
        PhaseOutcome csv = handler.handle(work("name,kind\na,server\nb,server\nc,server\nd,server\n"));
        PhaseOutcome json = handler.handle(work(List.of(Map.of("name", "a", "kind", "server"), Map.of("name", "b"), "c", Map.of())));

        assertThat(csv).isInstanceOfSatisfying(PhaseOutcome.Failed.class, failed -> {
            assertThat(failed.error()).contains("more than 3 rows", "masterflow.limits.inventory-rows");
            assertThat(failed.retryable()).isFalse();
        });
        assertThat(json).isInstanceOf(PhaseOutcome.Failed.class);
    }

    @Test
    void as_many_rows_as_the_account_may_import_are_imported() throws Exception {
        PhaseOutcome outcome = handler.handle(work("name,kind\na,server\nb,server\nc,server\n"));

        assertThat(outcome).isInstanceOfSatisfying(PhaseOutcome.Completed.class, completed -> assertThat(completed.assets()).hasSize(3));
    }
}
