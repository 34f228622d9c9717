export type { AwsClients, CallLimits } from './aws.ts';
export {
  configuredRegionOtherThanEdge,
  createAwsClients,
  DEFAULT_CALL_LIMITS,
  destroyAwsClients,
  EDGE_REGION,
} from './aws.ts';
export { translateAwsError } from './aws-errors.ts';
export { confirmOnTerminal } from './confirm.ts';
export { deploy } from './deploy.ts';
export { type DestroyResult, destroy } from './destroy.ts';
export type { AssociationRecord } from './distribution.ts';
export { type DeploymentRecord, historyPath, readHistory } from './history.ts';
export { lineReporter, type Reporter, terminalReporter } from './progress.ts';
export type { DeployResult, PlanReport } from './report.ts';
export { type RollbackResult, rollback } from './rollback.ts';
export type { BuiltArtifact, DeployDeps, RunOptions } from './session.ts';
export {
  DEFAULT_BEHAVIOR,
  functionNamePrefixOf,
  resolveStage,
  resolveTarget,
} from './target.ts';
