package io.masterflow.batch;

import io.masterflow.query.flow.FlowList;
import io.masterflow.query.flow.FlowListQuery;
import io.masterflow.query.flow.FlowPage;
import io.masterflow.query.flow.FlowSummary;
import io.masterflow.security.Caller;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Starting a batch: the flows its filter selects are fixed then, each with the version it has, so that a flow that
 * moves on before its turn is skipped rather than acted on in a state nobody chose.
 */
public class Batches {

    /** Flows read per page while a batch selects (the list's own limit is for people). */
    private static final int SELECTION_PAGE = 1000;

    private final FlowList flows;
    private final BatchStore store;
    private final Clock clock;
    private final int maxFlows;

    public Batches(FlowList flows, BatchStore store, Clock clock, int maxFlows) {
        this.flows = flows;
        this.store = store;
        this.clock = clock;
        this.maxFlows = maxFlows;
    }

    /** The flows a batch with this filter would act on, as the caller may see them. */
    public List<BatchStore.Selected> select(BatchFilter filter, Caller caller) {
        List<BatchStore.Selected> selected = new ArrayList<>();
        FlowListQuery.After after = null;
        do {
            FlowPage page = flows.page(filter.query(caller, SELECTION_PAGE, after));
            for (FlowSummary flow : page.items()) {
                selected.add(new BatchStore.Selected(flow.flowId(), flow.version()));
            }
            if (selected.size() > maxFlows) {
                throw new TooManyFlows(maxFlows);
            }
            after = page.next();
        } while (after != null);
        return selected;
    }

    public UUID start(BatchOperation operation, BatchArguments arguments, BatchFilter filter, Map<String, Object> filterAsGiven,
                      Caller caller) {
        List<BatchStore.Selected> selected = select(filter, caller);
        UUID batchId = UUID.randomUUID();
        store.create(batchId, caller, operation, arguments, filterAsGiven, selected, clock.instant());
        return batchId;
    }

    /** A batch larger than the configured bound: it would hold its items in one request. */
    public static final class TooManyFlows extends RuntimeException {
        public TooManyFlows(int max) {
            super("the filter selects more than " + max + " flows (masterflow.batches.max-flows); narrow it, or split the batch");
        }
    }
}
