/**
 * Applying the releases' migrations (releases.ts) before the merge, to the owner's files and to
 * the merge base alike, so that the merge compares like with like: a moved file is merged at
 * its new path with its old base, and what a codemod changes is not mistaken for an edit.
 */

import { sha256 } from '../../hash.ts';
import type { BaseFile } from '../../render/base.ts';
import { isBinary } from '../../render/base.ts';
import type { VendoredPackage } from '../../template/template.ts';
import type { FileSet } from '../files.ts';
import { compareVersions } from '../record.ts';
import { followMoves, SOURCE_EXTENSIONS } from './imports.ts';
import { MIGRATIONS, type Migration, type Move } from './releases.ts';

export interface MigrationInput {
  fromVersion: string;
  toVersion: string;
  base: ReadonlyMap<string, BaseFile>;
  /** The project's files upgrade read: the template's paths and the owner's sources. */
  owner: FileSet;
  next: FileSet;
  recorded: Readonly<Record<string, string>>;
  /** Whether a project path is a file on disk (before any move). */
  exists: (path: string) => boolean;
  /** The @edge-app/* packages the new template installs. */
  packages: readonly VendoredPackage[];
  migrations?: readonly Migration[];
}

export interface MigrationOutcome {
  base: Map<string, BaseFile>;
  owner: FileSet;
  recorded: Record<string, string>;
  /** New path → where it was, and why it moved. */
  moved: Map<string, { from: string; why: string }>;
  /** Owner's files a migration changed (codemods, followed imports), with why. */
  edited: Map<string, string>;
  notes: string[];
  /** Why a release removed this path, when it said. */
  removedWhy(path: string): string | undefined;
}

export function applyMigrations(input: MigrationInput): MigrationOutcome {
  const applicable = (input.migrations ?? MIGRATIONS).filter(
    (m) =>
      compareVersions(input.fromVersion, m.version) < 0 &&
      compareVersions(m.version, input.toVersion) <= 0,
  );
  const outcome: MigrationOutcome = {
    base: new Map(input.base),
    owner: new Map(input.owner),
    recorded: { ...input.recorded },
    moved: new Map(),
    edited: new Map(),
    notes: [],
    removedWhy: (path) =>
      applicable.flatMap((m) => m.removed).find((r) => patternRegExp(r.path).test(path))?.why,
  };
  for (const migration of applicable) {
    const moves = plannedMoves(migration, input, outcome);
    for (const [from, { to, why }] of moves) moveFile(outcome, from, to, why);
    followImports(outcome, new Map([...moves].map(([from, { to }]) => [from, to])), input.exists);
    for (const codemod of migration.codemods) {
      const matches = patternRegExp(codemod.paths);
      editText(
        outcome,
        (path) => matches.test(path),
        codemod.why,
        (text) => codemod.edit(text, { packages: input.packages }),
      );
    }
    reportMentions(outcome, moves);
  }
  return outcome;
}

function plannedMoves(
  migration: Migration,
  input: MigrationInput,
  outcome: MigrationOutcome,
): Map<string, { to: string; why: string }> {
  const moves = new Map<string, { to: string; why: string }>();
  const paths = new Set([...outcome.base.keys(), ...Object.keys(outcome.recorded)]);
  for (const rule of migration.moves) {
    for (const from of paths) {
      const to = movedPath(rule, from);
      if (!to || input.next.has(from) || !input.next.has(to) || outcome.base.has(to)) continue;
      if (outcome.owner.has(to)) {
        outcome.notes.push(
          `${from} would move to ${to}, where you already have a file; it stays where it is.`,
        );
        continue;
      }
      moves.set(from, { to, why: rule.why });
    }
  }
  return moves;
}

function moveFile(outcome: MigrationOutcome, from: string, to: string, why: string): void {
  for (const files of [outcome.base, outcome.owner] as Map<string, unknown>[]) {
    if (files.has(from)) {
      files.set(to, files.get(from));
      files.delete(from);
    }
  }
  const hash = outcome.recorded[from];
  if (hash !== undefined) {
    outcome.recorded[to] = hash;
    delete outcome.recorded[from];
  }
  outcome.moved.set(to, { from, why });
}

/** Every relative reference to a moved file, and every one inside a moved file, follows it. */
function followImports(
  outcome: MigrationOutcome,
  moves: ReadonlyMap<string, string>,
  exists: (path: string) => boolean,
): void {
  if (moves.size === 0) return;
  const wasAt = (path: string) => outcome.moved.get(path)?.from ?? path;
  editText(
    outcome,
    (path) => SOURCE_EXTENSIONS.test(path),
    'its relative imports follow the files that moved',
    (text, path) => followMoves(text, path, wasAt(path), moves, exists),
  );
}

/** Edits the owner's text file and its base alike; the owner's own files are noted. */
function editText(
  outcome: MigrationOutcome,
  applies: (path: string) => boolean,
  why: string,
  edit: (text: string, path: string) => string,
): void {
  for (const [path, file] of outcome.owner) {
    if (!applies(path) || isBinary(file.bytes)) continue;
    const text = file.bytes.toString('utf8');
    const edited = edit(text, path);
    if (edited === text) continue;
    outcome.owner.set(path, { bytes: Buffer.from(edited), executable: file.executable });
    outcome.edited.set(path, why);
  }
  for (const [path, file] of outcome.base) {
    if (!applies(path) || !file.bytes) continue;
    const text = file.bytes.toString('utf8');
    const edited = edit(text, path);
    if (edited === text) continue;
    const bytes = Buffer.from(edited);
    outcome.base.set(path, { sha256: sha256(bytes), bytes, executable: file.executable });
  }
}

/** Text that still names a moved file by its old path, which the owner wrote: said, not edited. */
function reportMentions(
  outcome: MigrationOutcome,
  moves: ReadonlyMap<string, { to: string }>,
): void {
  for (const [from, { to }] of moves) {
    const inPackage = /^packages\/[^/]+\/(.+)$/.exec(from)?.[1];
    for (const [path, file] of outcome.owner) {
      if (path === to || isBinary(file.bytes)) continue;
      const text = file.bytes.toString('utf8');
      const mentions = (t: string) =>
        t.includes(from) || (inPackage ? t.includes(inPackage) : false);
      const base = outcome.base.get(path)?.bytes?.toString('utf8');
      if (mentions(text) && !(base !== undefined && mentions(base))) {
        outcome.notes.push(`${path} mentions ${from}, which moved to ${to}: check it.`);
      }
    }
  }
}

/** `*` is one path segment, `**` any number of them. */
export function patternRegExp(pattern: string): RegExp {
  const source = pattern
    .split(/(\*\*|\*)/)
    .map((part) => (part === '**' ? '.*' : part === '*' ? '([^/]+)' : escapeRegExp(part)))
    .join('');
  return new RegExp(`^${source}$`);
}

function movedPath(rule: Move, path: string): string | undefined {
  const match = patternRegExp(rule.from).exec(path);
  if (!match) return undefined;
  let index = 1;
  return rule.to.replace(/\*/g, () => match[index++] ?? '*');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}
