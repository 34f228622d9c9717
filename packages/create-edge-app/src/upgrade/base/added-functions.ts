/**
 * Function packages that `pnpm gen trigger` added after create: upgraded from their starters
 * like the answered ones. The record lists them once an upgrade has found them
 * (`addedFunctions`); before that they are found on disk by the `edge.eventType` in their
 * package.json, and their starter is the one whose files they hold (its description too).
 *
 * Their merge base, the first time, comes from the template history: a file that is still a
 * version of the starter's is its own base; an edited one takes the version of the same
 * moment, the moment the untouched files agree on, when the package was added.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_TYPES, type EventType } from '@edge-app/events';
import type { FunctionAnswer } from '../../answers/types.ts';
import type { BaseFile } from '../../render/base.ts';
import type { LoadedTemplate } from '../../template/template.ts';
import type { Language } from '../../triggers.ts';
import type { TemplateHistory } from '../history/archive.ts';
import type { ProjectRecord } from '../record.ts';
import { type AddedPackage, identifyStarter, starterBase } from './starter-history.ts';

export interface FoundFunctions {
  /** Every added function: the recorded ones and the ones found now. */
  functions: FunctionAnswer[];
  /** The merge base of the ones found now. */
  base: Map<string, BaseFile>;
  notes: string[];
}

export function findAddedFunctions(input: {
  root: string;
  record: ProjectRecord;
  own: LoadedTemplate;
  history: () => TemplateHistory;
  /** The base root package.json, for the @edge-app/* versions a new package names. */
  rootManifest: Buffer | undefined;
}): FoundFunctions {
  const known = new Set(
    [...input.record.answers.functions, ...(input.record.addedFunctions ?? [])].map((f) => f.name),
  );
  const found: FoundFunctions = {
    functions: [...(input.record.addedFunctions ?? [])],
    base: new Map(),
    notes: [],
  };
  for (const candidate of functionPackagesOnDisk(input.root, input.record, known)) {
    const history = input.history();
    const starter = identifyStarter(candidate, input.own, history);
    if (!starter) {
      found.notes.push(
        `packages/${candidate.name} is a ${candidate.eventType} function from none of the starters this CLI knows; it is left as it is.`,
      );
      continue;
    }
    const fn: FunctionAnswer = {
      trigger: candidate.eventType,
      name: candidate.name,
      starter: starter.name,
      language: candidate.language,
    };
    found.functions.push(fn);
    for (const [path, file] of starterBase(candidate, starter, input, history)) {
      found.base.set(`packages/${fn.name}/${path}`, file);
    }
  }
  return found;
}

function* functionPackagesOnDisk(
  root: string,
  record: ProjectRecord,
  known: ReadonlySet<string>,
): Generator<AddedPackage> {
  const packagesDir = join(root, 'packages');
  if (!existsSync(packagesDir)) return;
  for (const entry of readdirSync(packagesDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || known.has(entry.name)) continue;
    const manifestPath = `packages/${entry.name}/package.json`;
    // A package the template rendered (the shared packages' sources of early builds) is not one.
    if (record.files[manifestPath] !== undefined) continue;
    let manifest: { edge?: { eventType?: unknown; language?: unknown }; description?: unknown };
    try {
      manifest = JSON.parse(readFileSync(join(root, manifestPath), 'utf8'));
    } catch {
      continue;
    }
    const eventType = manifest.edge?.eventType;
    if (typeof eventType !== 'string' || !EVENT_TYPES.includes(eventType as EventType)) continue;
    const language: Language = manifest.edge?.language === 'python' ? 'python' : 'ts';
    yield {
      eventType: eventType as EventType,
      language,
      name: entry.name,
      files: readPackageFiles(join(packagesDir, entry.name)),
      description: manifest.description,
    };
  }
}

const NOT_SOURCE = new Set(['node_modules', 'dist', '.cache', '.edge', '__pycache__']);

function readPackageFiles(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (at: string, prefix: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      if (NOT_SOURCE.has(entry.name)) continue;
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path, `${prefix}${entry.name}/`);
      else if (entry.isFile()) files.set(prefix + entry.name, readFileSync(path));
    }
  };
  walk(dir, '');
  return files;
}
