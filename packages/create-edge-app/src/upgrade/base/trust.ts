/**
 * Whether `.edge-app.json`'s hashes are the template's: then a file that still hashes as
 * recorded is the template's version, untouched, even where no base was found for it (a
 * vendored tarball of a build before 0.1.0, say).
 *
 * A record in format 2 always holds the template's hashes. A record from before 0.2.0 holds
 * the hashes of the files as they were written: by `create`, the template's; by an upgrade of
 * that time, the hashes of files with the owner's edits merged in. Trusting those would take
 * an edited file for an untouched one and replace it. So an older record is trusted only when
 * nothing says an upgrade wrote it: every such upgrade also stored a base beside it, and in
 * git, the record's files must be as they were when it was first committed.
 */
import { MANIFEST_FILE, RECORD_FORMAT } from '../../render/manifest.ts';
import type { ProjectRecord } from '../record.ts';

export interface Trust {
  trusted: boolean;
  /** Why not, for the plan's notes. */
  reason?: string;
}

export async function recordHoldsTemplateHashes(
  root: string,
  record: ProjectRecord,
  storedBaseExists: boolean,
): Promise<Trust> {
  if (record.format === RECORD_FORMAT) return { trusted: true };
  const untrusted = `${MANIFEST_FILE} was rewritten by an upgrade before 0.2.0, so its hashes may be of your edited files: a file with no merge base is treated as edited.`;
  if (storedBaseExists) return { trusted: false, reason: untrusted };
  const first = await firstCommittedFiles(root);
  if (first === undefined) return { trusted: true };
  return sameHashes(first, record.files)
    ? { trusted: true }
    : { trusted: false, reason: untrusted };
}

/** The record's `files` as first committed; undefined outside git or when never committed. */
async function firstCommittedFiles(root: string): Promise<Record<string, string> | undefined> {
  const { execa } = await import('execa');
  const git = (args: string[]) => execa('git', args, { cwd: root, stdin: 'ignore', reject: false });
  const added = await git(['log', '--format=%H', '--diff-filter=A', '--', MANIFEST_FILE]);
  const commit = added.failed ? undefined : added.stdout.trim().split('\n').filter(Boolean).at(-1);
  if (!commit) return undefined;
  const shown = await git(['show', `${commit}:./${MANIFEST_FILE}`]);
  if (shown.failed) return undefined;
  try {
    const files = (JSON.parse(shown.stdout) as { files?: unknown }).files;
    return typeof files === 'object' && files !== null
      ? (files as Record<string, string>)
      : undefined;
  } catch {
    return undefined;
  }
}

function sameHashes(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}
