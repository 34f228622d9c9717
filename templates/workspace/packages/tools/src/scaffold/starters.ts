/**
 * Handler starters: `starters/<event-type>/<starter>/<ts|python>/`, each a complete function
 * package (package.json with its `edge` field and a description, src/, test/).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EVENT_TYPES, type EventType } from '@edge-app/events';
import { EdgeUserError } from '../errors.ts';

export type StarterLanguage = 'ts' | 'python';
export const STARTER_LANGUAGES: readonly StarterLanguage[] = ['ts', 'python'];

export interface StarterInfo {
  eventType: EventType;
  starter: string;
  languages: StarterLanguage[];
  description: string;
}

/**
 * The starters shipped beside this module (packages/tools/starters). Code bundled elsewhere
 * (the create CLI, the plopfile) passes the directory explicitly instead.
 */
export function defaultStartersDir(): string {
  return fileURLToPath(new URL('../../starters', import.meta.url));
}

function subdirectories(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => !name.startsWith('.') && name !== 'node_modules')
    .filter((name) => statSync(join(dir, name)).isDirectory())
    .sort();
}

function readDescription(packageDir: string): string {
  try {
    const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
      description?: unknown;
    };
    return typeof manifest.description === 'string' ? manifest.description : '';
  } catch {
    return '';
  }
}

/** Every starter, by event type then name ('blank' first), with the languages it comes in. */
export function listStarters(startersDir: string = defaultStartersDir()): StarterInfo[] {
  const starters: StarterInfo[] = [];
  for (const eventType of EVENT_TYPES) {
    const names = subdirectories(join(startersDir, eventType));
    names.sort((a, b) => (a === 'blank' ? -1 : b === 'blank' ? 1 : a.localeCompare(b)));
    for (const starter of names) {
      const languages = STARTER_LANGUAGES.filter((language) =>
        existsSync(join(startersDir, eventType, starter, language, 'package.json')),
      );
      if (languages.length === 0) continue;
      const first = languages[0] as StarterLanguage;
      const description = readDescription(join(startersDir, eventType, starter, first));
      starters.push({ eventType, starter, languages, description });
    }
  }
  return starters;
}

export function assertStartersDir(startersDir: string): void {
  if (!existsSync(startersDir)) {
    throw new EdgeUserError(
      `The starters directory ${startersDir} does not exist.`,
      'Run this from a workspace made by create-edge-app (it has packages/tools/starters).',
    );
  }
}

/** The directory of one starter in one language; a clear error listing what exists otherwise. */
export function starterDir(
  startersDir: string,
  eventType: EventType,
  starter: string,
  language: StarterLanguage,
): string {
  assertStartersDir(startersDir);
  findStarter(listStarters(startersDir), eventType, starter, language);
  return join(startersDir, eventType, starter, language);
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
