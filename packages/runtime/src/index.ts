export * from './config.ts';
export {
  type ConfigProblem,
  ConfigValidationError,
  checkConfig,
  validateConfig,
} from './config-check/index.ts';
export { EdgeRuntimeError, type RuntimeErrorCode } from './errors.ts';
export * from './invoke/index.ts';
export * from './limits.ts';
export {
  compilePathPattern,
  computeTtlSeconds,
  createPipeline,
  detectDevice,
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
  type EdgeServer,
  type EdgeServerOptions,
  formatTrace,
  PURGE_PATH,
  startEdgeServer,
} from './server/index.ts';
export * from './validate/index.ts';
