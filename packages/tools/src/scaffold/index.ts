/**
 * `@edge-app/tools/scaffold`: adding a function package from a starter (`pnpm gen trigger`
 * through the workspace's plopfile.mjs, and create-edge-app, which renders the same packages in
 * memory).
 */

export { ToolsError } from '../errors.ts';
export { type AddFunctionOptions, addFunction } from './add-function.ts';
export { addBehavior, pathPatternProblem } from './behavior-edit.ts';
export { FUNCTIONS_MARKER, listBehaviorPatterns } from './config-edit.ts';
export {
  assertFunctionRequest,
  type FunctionPackage,
  type FunctionPackageFiles,
  type FunctionPackageInput,
  type FunctionRequest,
  renderFunctionPackage,
  renderFunctionPackages,
} from './function-package.ts';
export { functionNameProblem, suggestFunctionName } from './names.ts';
export {
  DEV_STAGE,
  type DefineValue,
  defineInDevStage,
  defineInEveryStage,
  stageNames,
} from './stage-edit.ts';
export {
  directoryStarterSource,
  findStarter,
  installedStarterSource,
  isStarterContent,
  readStarterTree,
  STARTER_LANGUAGES,
  type StarterFile,
  type StarterInfo,
  type StarterLanguage,
  type StarterSource,
  starterSourceOf,
} from './starters.ts';
export {
  type Choice,
  resolveTriggerAnswers,
  TRIGGER_USAGE,
  type TriggerAnswers,
  type TriggerAnswersInput,
  type TriggerQuestions,
  triggerArguments,
} from './trigger-answers.ts';
