export type { AwsClients } from './aws.ts';
export {
  configuredRegionOtherThanEdge,
  createAwsClients,
  destroyAwsClients,
  EDGE_REGION,
} from './aws.ts';
export { translateAwsError } from './aws-errors.ts';
export { confirmOnTerminal } from './confirm.ts';
export { type DeployResult, deploy } from './deploy.ts';
export { destroy } from './destroy.ts';
export type { AssociationRecord } from './distribution.ts';
export { type DeploymentRecord, historyPath, readHistory } from './history.ts';
export { rollback } from './rollback.ts';
export type { BuiltArtifact, DeployDeps, RunOptions } from './session.ts';
export { DEFAULT_BEHAVIOR, resolveStage, resolveTarget } from './target.ts';
