/**
 * Small templates and projects for upgrade tests: a template is a few text files (the ones
 * the render phase edits included), a project is one rendered from it by the real render
 * code, with the merge base and the record `create` stores.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Answers } from '../../src/answers/types.ts';
import { renderProject } from '../../src/render/render.ts';
import type { LoadedTemplate } from '../../src/template/template.ts';

export function tinyTemplate(files: Record<string, string>): LoadedTemplate {
  const all: Record<string, string> = {
    'package.json': '{ "name": "template", "private": true }\n',
    'README.md': '# <PROJECT_NAME>\n\nA project.\n',
    'edge.config.ts': 'export default {};\n',
    ...files,
  };
  return {
    workspace: Object.fromEntries(
      Object.entries(all).map(([path, content]) => [path, { content }]),
    ),
    starters: {},
    packages: [],
    tarballs: new Map(),
  };
}

export function tinyAnswers(targetDir: string): Answers {
  return {
    targetDir,
    projectName: 'shop',
    functions: [],
    install: false,
    git: false,
    force: false,
  };
}

/** Renders `template` into `dir` as create does, with the merge base and the record. */
export function generate(dir: string, template: LoadedTemplate): void {
  mkdirSync(dir, { recursive: true });
  renderProject(template, tinyAnswers(dir), dir);
}

/** Stores `template` as build.mjs stores dist/template.json, its tarballs beside it. */
export function writeTemplatePack(path: string, template: LoadedTemplate): string {
  const { tarballs, ...data } = template;
  for (const [file, bytes] of tarballs) {
    mkdirSync(dirname(join(dirname(path), file)), { recursive: true });
    writeFileSync(join(dirname(path), file), bytes);
  }
  writeFileSync(path, JSON.stringify(data));
  return path;
}

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.invalid',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.invalid',
};

/** git's output; its stderr is captured into the thrown error, never printed into the test run. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8', stdio: 'pipe' });
}

export function commitAll(cwd: string, message = 'commit'): void {
  git(cwd, 'add', '-A');
  git(cwd, 'commit', '-q', '-m', message);
}
