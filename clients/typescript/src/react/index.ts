/** `@masterflow/client/react`: hooks over a FlowService, for React 18 or newer. */
export { MasterflowProvider, useMasterflow } from './context.js';
export { useFlow, type UseFlowOptions, type UseFlowResult } from './use-flow.js';
export { useFlows, type UseFlowsOptions, type UseFlowsResult } from './use-flows.js';
