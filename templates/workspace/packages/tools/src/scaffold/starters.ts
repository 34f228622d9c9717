/**
 * The handler starter catalogue. Each starter is a complete function package (package.json
 * with its `edge` field and a description, src/, test/), read through a `StarterSource`
 * (starter-source.ts): the `starters/` directory in this repository, `starters.json` in a
 * generated project.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EventType } from '@edge-app/events';
import { EdgeUserError } from '../errors.ts';
import {
  directoryStarterSource,
  openStarterSource,
  type StarterInfo,
  type StarterLanguage,
} from './starter-source.ts';

export {
  STARTER_LANGUAGES,
  type StarterInfo,
  type StarterLanguage,
  type StarterSource,
} from './starter-source.ts';

let toolsDir: string | undefined;

/**
 * The directory of the @edge-app/tools package this module runs from: found by walking up to
 * its package.json, because the module may be this source file (src/scaffold/), a bundle in
 * the package's dist/ (a generated project installs the package prebuilt), or a bundle cached
 * under its node_modules/.cache/. Code bundled elsewhere (the create CLI) passes its starters
 * explicitly instead.
 */
export function defaultToolsDir(): string {
  if (toolsDir !== undefined) return toolsDir;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && isToolsManifest(manifest)) {
      toolsDir = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(`@edge-app/tools: no package.json of its own above ${import.meta.url}.`);
    }
    dir = parent;
  }
}

function isToolsManifest(path: string): boolean {
  try {
    return (
      (JSON.parse(readFileSync(path, 'utf8')) as { name?: unknown }).name === '@edge-app/tools'
    );
  } catch {
    return false;
  }
}

/** The starters directory of this repository's tools package (absent in a generated project). */
export function defaultStartersDir(): string {
  return join(defaultToolsDir(), 'starters');
}

/**
 * Every starter, by event type then name ('blank' first), with the languages it comes in:
 * from `startersDir` when given, else from the tools package's starters, in either form.
 */
export function listStarters(startersDir?: string): StarterInfo[] {
  const source =
    startersDir === undefined
      ? openStarterSource(defaultToolsDir())
      : directoryStarterSource(startersDir);
  return source.list();
}

/** The catalogue entry of one starter that comes in `language`; a clear error otherwise. */
export function findStarter(
  catalogue: readonly StarterInfo[],
  eventType: EventType,
  starter: string,
  language: StarterLanguage,
): StarterInfo {
  const forType = catalogue.filter((s) => s.eventType === eventType);
  const match = forType.find((s) => s.starter === starter);
  if (!match) {
    throw new EdgeUserError(
      `There is no "${starter}" starter for ${eventType}.`,
      `Starters for ${eventType}: ${forType.map((s) => s.starter).join(', ') || 'none'}.`,
    );
  }
  if (!match.languages.includes(language)) {
    throw new EdgeUserError(
      `The "${starter}" starter for ${eventType} has no ${language === 'ts' ? 'TypeScript' : 'Python'} version.`,
      `It comes in: ${match.languages.join(', ')}.`,
    );
  }
  return match;
}
