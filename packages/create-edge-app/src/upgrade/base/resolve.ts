/**
 * The merge base: what the template rendered for this project when it was generated or last
 * upgraded. Best source first:
 * 1. the base stored in the project (.edge-app/base.json.gz, render/base.ts): exact, offline;
 * 2. rebuilt from the template history this CLI carries (rebuild.ts): exact where a version
 *    hashes as recorded, offline. This is how projects from before 0.2.0, which have no stored
 *    base, are upgraded;
 * 3. for a file the owner edited that neither has, the recorded version's package from npm
 *    (published.ts), the last resort: tried once, quickly, and only what hashes as recorded is
 *    taken. Offline it fails at once and the note says why.
 * What none of them finds has no base: such a file counts as untouched only while it hashes as
 * recorded and the record is known to hold the template's hashes (trust.ts); an edited one is
 * merged as a file both sides created.
 */
import type { FunctionAnswer } from '../../answers/types.ts';
import { sha256 } from '../../hash.ts';
import { BASE_FILE, type BaseFile, readStoredBase } from '../../render/base.ts';
import { isMetaPath } from '../../render/manifest.ts';
import { renderTemplate } from '../../render/render.ts';
import type { LoadedTemplate } from '../../template/template.ts';
import type { TemplateHistory } from '../history/archive.ts';
import type { ProjectRecord } from '../record.ts';
import { rebuildBase } from './rebuild.ts';
import { recordHoldsTemplateHashes } from './trust.ts';

export interface ResolvedBase {
  files: Map<string, BaseFile>;
  /** Where it came from, for the plan's first line. */
  source: string;
  /** What the owner should know about it. */
  notes: string[];
  /** A file with no base counts as untouched when it hashes as recorded (see trust.ts). */
  recordedHashesTrusted: boolean;
}

export interface BaseSources {
  root: string;
  record: ProjectRecord;
  /** The answered functions and the ones `pnpm gen trigger` added. */
  functions: readonly FunctionAnswer[];
  own: () => LoadedTemplate;
  history: () => TemplateHistory;
}

export async function resolveBase(sources: BaseSources): Promise<ResolvedBase> {
  const { record } = sources;
  const notes: string[] = [];
  const files = new Map<string, BaseFile>();
  const stored = readStoredBase(sources.root);
  let source = `stored in ${BASE_FILE}`;
  if (stored.kind === 'found' && stored.base.generatorVersion === record.generator.version) {
    for (const [path, file] of stored.base.files) files.set(path, file);
  } else if (stored.kind === 'found') {
    notes.push(
      `${BASE_FILE} is the base of ${stored.base.generatorVersion}, not of ${record.generator.version} as .edge-app.json says; not using it.`,
    );
  } else if (stored.kind === 'unreadable') {
    notes.push(`${BASE_FILE} could not be read (${stored.reason}); not using it.`);
  }

  const missing = new Map(
    Object.entries(record.files).filter(([path]) => !isMetaPath(path) && !files.has(path)),
  );
  if (missing.size > 0) {
    const rebuilt = rebuildBase({
      recorded: missing,
      projectName: record.answers.projectName,
      functions: sources.functions,
      own: sources.own(),
      history: sources.history(),
    });
    for (const [path, file] of rebuilt) files.set(path, file);
    if (files.size === rebuilt.size) source = 'rebuilt from the template history';
    else if (rebuilt.size > 0) source += ', the rest rebuilt from the template history';
  }
  const trust = await recordHoldsTemplateHashes(sources.root, record, stored.kind !== 'missing');
  if (!trust.trusted && trust.reason) notes.push(trust.reason);
  return { files, source, notes, recordedHashesTrusted: trust.trusted };
}

/**
 * The last resort for files the owner edited that have no base: the recorded version's
 * package (`fetch`), rendered with the recorded answers; a file is taken only when it hashes
 * as recorded. Returns a note when something could not be done.
 */
export async function completeFromPublished(
  base: ResolvedBase,
  record: ProjectRecord,
  edited: readonly string[],
  fetch: (version: string) => Promise<LoadedTemplate>,
): Promise<void> {
  if (edited.length === 0) return;
  let template: LoadedTemplate;
  try {
    template = await fetch(record.generator.version);
  } catch (error) {
    base.notes.push(
      `${edited.length} file(s) you edited have no merge base in this CLI's template history (${edited.join(', ')}), and the last resort failed: ${(error as Error).message}. They are merged as files both sides created.`,
    );
    return;
  }
  let rendered: Map<string, Buffer>;
  try {
    rendered = renderTemplate(template, record.answers).files;
  } catch (error) {
    base.notes.push(
      `create-edge-app ${record.generator.version}'s template does not render with today's code (${(error as Error).message}); ${edited.join(', ')} have no merge base.`,
    );
    return;
  }
  const found: string[] = [];
  for (const path of edited) {
    const bytes = rendered.get(path);
    if (bytes && sha256(bytes) === record.files[path]) {
      base.files.set(path, { sha256: sha256(bytes), bytes, executable: false });
      found.push(path);
    }
  }
  if (found.length > 0) {
    base.notes.push(
      `The merge base of ${found.join(', ')} came from create-edge-app ${record.generator.version} on npm.`,
    );
  }
  const still = edited.filter((path) => !found.includes(path));
  if (still.length > 0) {
    base.notes.push(
      `${still.join(', ')}: no version of the template hashes as .edge-app.json recorded; merged as files both sides created.`,
    );
  }
}
