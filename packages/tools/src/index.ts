export type { EdgeConfig } from '@edge-app/runtime';
export { defineConfig } from '@edge-app/runtime';
export type { BuiltFunction, FunctionBuilder } from './build/index.ts';
export { createFunctionBuilder } from './build/index.ts';
export { EdgeCancelled, ToolsError, type ToolsErrorCode } from './errors.ts';
export type { FunctionLanguage, FunctionPackage, Project } from './project.ts';
export { discoverFunctions, loadConfig, loadProject } from './project.ts';
