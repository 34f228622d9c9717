/**
 * Build-time values (`stages.<stage>.define`) in edge.config.ts, edited as text like
 * config-edit.ts does, so the owner's formatting and comments survive.
 *
 * - `defineInEveryStage`: a starter that reads `EDGE_CONFIG.KEY` needs every stage to define
 *   KEY (a build of a stage that does not fails, see build/build-config.ts); its default goes
 *   into every stage that lacks KEY.
 * - `defineInDevStage`: KEY in the `dev` stage, the one `pnpm dev` and `pnpm build` without
 *   --stage use. Added when missing, as a copy of the define of the stage they used until then
 *   (the only one), so that nothing else changes for them.
 */
import { ToolsError } from '../errors.ts';
import { appendProperties, findConfigObject } from './config-edit.ts';
import {
  arrayElements,
  findProperties,
  indentationAt,
  maskNonCode,
  matchingBrace,
} from './source-scan.ts';

export type DefineValue = string | number | boolean;

export const DEV_STAGE = 'dev';

export function defineInEveryStage(
  source: string,
  defines: Readonly<Record<string, DefineValue>>,
): string {
  let edited = source;
  for (const stage of stageNames(source)) {
    for (const [key, value] of Object.entries(defines)) {
      edited = setDefine(edited, stage, key, value, { replace: false });
    }
  }
  return edited;
}

export function defineInDevStage(
  source: string,
  key: string,
  value: DefineValue,
): { source: string; createdStage: boolean; copiedFrom: string | undefined } {
  const stages = stageNames(source);
  if (stages.includes(DEV_STAGE)) {
    const edited = setDefine(source, DEV_STAGE, key, value, { replace: true });
    return { source: edited, createdStage: false, copiedFrom: undefined };
  }
  const copiedFrom = stages.length === 1 ? stages[0] : undefined;
  const masked = maskNonCode(source);
  const stagesOpen = stagesObject(source, masked);
  const entries = copiedFrom === undefined ? [] : defineEntries(source, masked, copiedFrom);
  const kept = entries.filter((entry) => propertyKey(entry) !== key);
  const define = [...kept, `${key}: ${literal(value)}`].join(', ');
  const stage = `${DEV_STAGE}: { define: { ${define} } }`;
  const comment =
    '// Local development: `pnpm dev` and `pnpm build` without --stage build with these values.';
  const first = arrayElements(masked, stagesOpen)[0];
  const close = matchingBrace(masked, stagesOpen);
  const multiLine = source.slice(stagesOpen, close).includes('\n');
  let edited: string;
  if (!first) {
    edited = appendProperties(source, masked, stagesOpen, [stage]);
  } else if (multiLine) {
    const indent = indentationAt(source, first.start);
    const lineStart = source.lastIndexOf('\n', first.start - 1) + 1;
    // Above the first stage's line, so comments that open that stage stay with it.
    edited = `${source.slice(0, lineStart)}${indent}${comment}\n${indent}${stage},\n${source.slice(lineStart)}`;
  } else {
    edited = `${source.slice(0, first.start)}${stage}, ${source.slice(first.start)}`;
  }
  return { source: edited, createdStage: true, copiedFrom };
}

/** The names of the stages under `stages`, in order. */
export function stageNames(source: string): string[] {
  const masked = maskNonCode(source);
  const open = stagesObject(source, masked);
  return arrayElements(masked, open)
    .map(({ start, end }) => propertyKey(source.slice(start, end)))
    .filter((name): name is string => name !== undefined);
}

function stagesObject(source: string, masked: string): number {
  const configOpen = findConfigObject(masked);
  const stages = findProperties(source, masked, configOpen, 'stages')[0];
  if (!stages || masked[stages.valueStart] !== '{') {
    throw new ToolsError(
      'scaffold',
      'edge.config.ts has no `stages: { ... }` object literal to set build-time values in.',
      { hint: 'Add one, e.g. `stages: { prod: { define: {} } }`.' },
    );
  }
  return stages.valueStart;
}

/** `key` set to `value` in one stage's define; an existing one is replaced when `replace`. */
function setDefine(
  source: string,
  stage: string,
  key: string,
  value: DefineValue,
  { replace }: { replace: boolean },
): string {
  const masked = maskNonCode(source);
  const stageOpen = stageObject(source, masked, stage);
  const define = findProperties(source, masked, stageOpen, 'define')[0];
  const entry = `${key}: ${literal(value)}`;
  if (!define) return appendProperties(source, masked, stageOpen, [`define: { ${entry} }`]);
  const defineOpen = define.valueStart;
  if (masked[defineOpen] !== '{') {
    throw new ToolsError(
      'scaffold',
      `In edge.config.ts, stages.${stage}.define is not an object literal, so it cannot be edited safely.`,
      { hint: `Add \`${entry},\` to it by hand.` },
    );
  }
  const existing = arrayElements(masked, defineOpen).find(
    ({ start, end }) => propertyKey(source.slice(start, end)) === key,
  );
  if (!existing) return appendProperties(source, masked, defineOpen, [entry]);
  if (!replace) return source;
  return `${source.slice(0, existing.start)}${entry}${source.slice(existing.end)}`;
}

function stageObject(source: string, masked: string, stage: string): number {
  const stagesOpen = stagesObject(source, masked);
  const prop = findProperties(source, masked, stagesOpen, stage)[0];
  if (!prop || masked[prop.valueStart] !== '{') {
    throw new ToolsError(
      'scaffold',
      `In edge.config.ts, stages.${stage} is not an object literal, so it cannot be edited safely.`,
      { hint: `Set its define values by hand.` },
    );
  }
  return prop.valueStart;
}

/** The entries of a stage's define object, as written (`KEY: value`). */
function defineEntries(source: string, masked: string, stage: string): string[] {
  const define = findProperties(source, masked, stageObject(source, masked, stage), 'define')[0];
  if (!define || masked[define.valueStart] !== '{') return [];
  return arrayElements(masked, define.valueStart).map(({ start, end }) => source.slice(start, end));
}

/** The key of `key: value` (bare or quoted), or undefined. */
function propertyKey(property: string): string | undefined {
  const match = /^(['"]?)([\w$-]+)\1\s*:/.exec(property);
  return match?.[2];
}

function literal(value: DefineValue): string {
  return typeof value === 'string'
    ? `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`
    : String(value);
}
