/**
 * Build-time configuration. Lambda@Edge has no environment variables
 * (docs/cloudfront-rules.md#unsupported-lambda-features), so per-stage values from `edge.config.ts`
 * (`stages[stage].define`) are compiled into the bundle.
 *
 * A handler reads them as members of the global `EDGE_CONFIG`:
 *
 *   const apiUrl = EDGE_CONFIG.API_URL;
 *
 * - In a bundle (`edge build`, `edge deploy`, and `edge dev`, which serves the same bundles),
 *   esbuild replaces each `EDGE_CONFIG.<KEY>` with the stage's literal value, so nothing is
 *   looked up at run time and unused branches are dropped. A key the stage does not define
 *   fails the build with the file and line that reads it.
 * - In vitest, the setup file `vitest-setup.ts` defines the global `EDGE_CONFIG` with the same
 *   stage's values (`EDGE_STAGE` picks another), so handlers run unchanged in tests.
 * The type of `EDGE_CONFIG` is declared in `edge-config-global.d.ts`.
 */
import type { EdgeConfig } from '@edge-app/runtime';
import { ToolsError } from '../errors.ts';

export const BUILD_CONFIG_GLOBAL = 'EDGE_CONFIG';

export type BuildTimeValues = Record<string, string | number | boolean>;

/**
 * The stage whose values a build without `--stage` uses: `dev` when defined, else the only
 * stage when there is exactly one, else none.
 */
export function resolveStageName(config: EdgeConfig, stage?: string): string | undefined {
  const stages = Object.keys(config.stages ?? {});
  if (stage !== undefined) {
    if (!stages.includes(stage)) {
      throw new ToolsError('build', `Stage "${stage}" is not defined in edge.config.ts.`, {
        hint:
          stages.length > 0
            ? `Use one of: ${stages.join(', ')}; or add it under \`stages\`.`
            : 'Add it under `stages`, e.g. `stages: { prod: { define: {} } }`.',
      });
    }
    return stage;
  }
  if (stages.includes('dev')) return 'dev';
  return stages.length === 1 ? stages[0] : undefined;
}

export function buildTimeValues(config: EdgeConfig, stage?: string): BuildTimeValues {
  const name = resolveStageName(config, stage);
  const values = name === undefined ? {} : (config.stages?.[name]?.define ?? {});
  for (const [key, value] of Object.entries(values)) {
    if (!/^[A-Za-z_$][\w$]*$/.test(key)) {
      throw new ToolsError(
        'build',
        `stages.${name}.define has the key "${key}", which is not a JavaScript identifier.`,
        {
          hint: `Handlers read these as \`${BUILD_CONFIG_GLOBAL}.<KEY>\`; rename it, e.g. "${key.replace(/\W/g, '_')}".`,
        },
      );
    }
    if (!['string', 'number', 'boolean'].includes(typeof value)) {
      throw new ToolsError('build', `stages.${name}.define.${key} is ${typeof value}.`, {
        hint: 'Build-time values are strings, numbers or booleans.',
      });
    }
  }
  return values;
}

/** esbuild `define` entries: one per key, so each read compiles to its literal. */
export function esbuildDefine(values: BuildTimeValues): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [
      `${BUILD_CONFIG_GLOBAL}.${key}`,
      JSON.stringify(value),
    ]),
  );
}
