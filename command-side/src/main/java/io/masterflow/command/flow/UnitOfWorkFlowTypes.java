package io.masterflow.command.flow;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.HashMap;
import java.util.Map;

/**
 * The type of each flow that the current unit of work changes, for those who count its events by type: only FlowCreated
 * names the type, and Axon hands published events to its interceptors when the unit of work prepares its commit, after
 * the flow that applied them has left the scope.
 */
public final class UnitOfWorkFlowTypes {

    private static final String RESOURCE = UnitOfWorkFlowTypes.class.getName();

    private UnitOfWorkFlowTypes() {
    }

    static void remember(String flowId, String flowType) {
        if (CurrentUnitOfWork.isStarted()) {
            types(CurrentUnitOfWork.get()).put(flowId, flowType);
        }
    }

    /** The type of the flow, if the current unit of work changed it; null otherwise. */
    public static String of(String flowId) {
        return CurrentUnitOfWork.isStarted() ? types(CurrentUnitOfWork.get()).get(flowId) : null;
    }

    private static Map<String, String> types(UnitOfWork<?> unitOfWork) {
        return unitOfWork.root().getOrComputeResource(RESOURCE, key -> new HashMap<>());
    }
}
