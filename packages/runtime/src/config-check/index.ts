/**
 * The check edge.config.ts passes when it loads, in `edge dev`, `build`, `test` and `deploy` alike
 * (and in createPipeline): every unknown field and bad value, each with its path, what it got and
 * what is valid. Our own small data-driven walker (spec.ts) over the schema (schema.ts), then
 * the checks between fields (references.ts).
 */
import type { EdgeConfig } from '../config.ts';
import { EdgeRuntimeError } from '../errors.ts';
import { checkReferences } from './references.ts';
import { CONFIG_SCHEMA } from './schema.ts';
import { type ConfigProblem, checkValue } from './spec.ts';

export type { ConfigProblem } from './spec.ts';

/** edge.config.ts is not a configuration CloudFront (or this tool) accepts. */
export class ConfigValidationError extends EdgeRuntimeError {
  override readonly name = 'ConfigValidationError';
  constructor(readonly problems: ConfigProblem[]) {
    const lines = problems.map((problem) => `  - ${problem.path} ${problem.message}`);
    super(
      'config',
      `edge.config.ts has ${problems.length === 1 ? 'a mistake' : `${problems.length} mistakes`}:\n${lines.join('\n')}`,
      'Fix the fields above; `pnpm typecheck` shows them in context.',
    );
  }
}

/** Every problem of `value` as an edge.config.ts; empty when it is valid. */
export function checkConfig(value: unknown): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  checkValue(CONFIG_SCHEMA, value, '', problems);
  // Names and combinations are compared only once every field has its type.
  if (problems.length === 0) checkReferences(value as EdgeConfig, problems);
  return problems.map((problem) => ({ ...problem, path: problem.path || 'edge.config.ts' }));
}

/** `value` as an EdgeConfig, or a ConfigValidationError listing what is wrong. */
export function validateConfig(value: unknown): EdgeConfig {
  const problems = checkConfig(value);
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return value as EdgeConfig;
}
