export * from './config.ts';
export {
  type ConfigProblem,
  ConfigValidationError,
  checkConfig,
  validateConfig,
} from './config-check/index.ts';
export { EdgeRuntimeError, type RuntimeErrorCode } from './errors.ts';
export { resultChanges } from './inspector/diff.ts';
export {
  type RequestFilter,
  RequestStore,
  type RequestStoreOptions,
} from './inspector/store.ts';
export type * from './inspector/types.ts';
export * from './invoke/index.ts';
export * from './limits.ts';
export {
  compilePathPattern,
  computeTtlSeconds,
  createPipeline,
  detectDevice,
  eventOrigin,
  type NodeHandlerOptions,
  type Pipeline,
  PipelineConfigError,
  type PipelineOptions,
  type PipelineRequestInit,
  type PipelineResponse,
  type PipelineStats,
  type RequestTrace,
  type TraceStep,
} from './pipeline/index.ts';
export {
  MANAGED_CACHE_POLICIES,
  MANAGED_ORIGIN_REQUEST_POLICIES,
  MANAGED_RESPONSE_HEADERS_POLICIES,
} from './pipeline/policies/managed.ts';
export {
  BANNER_ID,
  type EdgeServer,
  type EdgeServerOptions,
  formatTrace,
  INSPECTOR_PATH,
  PURGE_PATH,
  startEdgeServer,
} from './server/index.ts';
export * from './validate/index.ts';
