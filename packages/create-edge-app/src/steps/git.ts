/**
 * A git repository with a first commit. Skipped, with a line saying why, when git is not
 * installed or the project is inside an existing repository. A failing commit (no user.name
 * configured, a hook) is not a failed run: the files stay staged and the reason is shown.
 */

import { dirname } from 'node:path';
import type { Reporter } from './reporter.ts';

export async function initGit(projectDir: string, report: Reporter): Promise<void> {
  const { execa } = await import('execa');
  const git = (args: string[], cwd = projectDir) =>
    execa('git', args, { cwd, stdin: 'ignore', reject: false });
  const version = await git(['--version']).catch(() => undefined);
  if (!version || version.failed) {
    report.warn('git is not installed; skipped creating a repository.');
    return;
  }
  const inside = await git(['rev-parse', '--is-inside-work-tree'], dirname(projectDir));
  if (!inside.failed && inside.stdout.trim() === 'true') {
    report.info('Inside an existing git repository; did not create another one.');
    return;
  }
  for (const args of [
    ['init', '-q'],
    ['add', '-A'],
  ]) {
    const result = await git(args);
    if (result.failed) {
      report.warn(`git ${args[0]} failed; no repository created: ${result.stderr.trim()}`);
      return;
    }
  }
  const commit = await git(['commit', '-q', '-m', 'Initial commit from create-edge-app']);
  if (commit.failed) {
    report.warn(
      `Created a git repository, but the first commit failed (${commit.stderr.trim().split('\n')[0]}). The files are staged; commit them yourself.`,
    );
    return;
  }
  report.step('Created a git repository with a first commit.');
}
