/**
 * The sequence that lost an owner's edits (issue 18): a project edited and committed, a
 * same-version `upgrade`, then a later upgrade to a newer template whose merge base had to be
 * rebuilt because the stored one was gone. Five edited files were planned as "update" and
 * overwritten. A file whose content is not the template's is never replaced without a merge:
 * not after this CLI's own same-version upgrade, and not from a record that an upgrade before
 * 0.2.0 rewrote with the hashes of the owner's files.
 */
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Answers } from '../../src/answers/types.ts';
import { sha256 } from '../../src/hash.ts';
import { main } from '../../src/index.ts';
import { BASE_FILE } from '../../src/render/base.ts';
import { renderProject } from '../../src/render/render.ts';
import { type LoadedTemplate, loadTemplate } from '../../src/template/template.ts';
import { TEMPLATE_OVERRIDE_ENV } from '../../src/upgrade/command.ts';
import { recordedIO } from '../helpers/io.ts';
import { tempDir } from '../helpers/temp.ts';
import { commitAll, git, writeTemplatePack } from './fixtures.ts';

const HANDLER = 'packages/viewer-request/src/index.ts';
const TEST = 'packages/viewer-request/src/index.test.ts';

/** Five files the owner edits, each on a line the newer template leaves alone. */
const EDITS: Record<string, [from: string, to: string]> = {
  [HANDLER]: [
    '  return request;\n',
    "  request.headers['x-owner'] = [{ key: 'X-Owner', value: '1' }];\n  return request;\n",
  ],
  [TEST]: [
    "describe('viewer-request handler', () => {\n",
    "// The owner's note on these tests.\ndescribe('viewer-request handler', () => {\n",
  ],
  'edge.config.ts': ["profile: 'strict',", "profile: 'latest',"],
  'vitest.config.ts': ['testTimeout: 30_000,', 'testTimeout: 60_000,'],
  'README.md': ['## Start\n', "## Start\n\nThe owner's words.\n"],
};

/** A newer template: each of those files changed elsewhere, as a later release would. */
function newerTemplate(template: LoadedTemplate): LoadedTemplate {
  const next = structuredClone({ ...template, tarballs: undefined }) as unknown as LoadedTemplate;
  next.tarballs = template.tarballs;
  const edit = (
    files: Record<string, { content: string }>,
    path: string,
    from: string,
    to: string,
  ) => {
    const file = files[path];
    if (!file?.content.includes(from)) throw new Error(`${path} has no "${from}"`);
    file.content = file.content.replace(from, to);
  };
  edit(
    next.starters,
    'viewer-request/blank/ts/src/index.ts',
    ' * Runs on every viewer request,',
    ' * Runs on every viewer request (v2),',
  );
  edit(
    next.starters,
    'viewer-request/blank/ts/src/index.test.ts',
    'forwards the request unchanged',
    'forwards the request as it came',
  );
  edit(next.workspace, 'edge.config.ts', 'defaultTTL: 86400', 'defaultTTL: 3600');
  edit(next.workspace, 'vitest.config.ts', "name: 'workspace',", "name: 'functions',");
  edit(next.workspace, 'README.md', '## Layout\n', '## Layout (v2)\n');
  return next;
}

function answers(root: string): Answers {
  return {
    targetDir: root,
    projectName: 'shop',
    functions: [
      { trigger: 'viewer-request', name: 'viewer-request', starter: 'blank', language: 'ts' },
    ],
    install: false,
    git: true,
    force: false,
  };
}

async function upgrade(root: string, env: Record<string, string> = {}) {
  const io = recordedIO(root);
  io.env = { ...process.env, ...env };
  const code = await main(['upgrade', '--yes', '--no-install'], io);
  return { code, out: io.out(), err: io.err() };
}

const read = (root: string, path: string) => readFileSync(join(root, path), 'utf8');

/** Generated, committed, edited by the owner and committed again. */
function editedProject(): { root: string; pack: string } {
  const template = loadTemplate();
  const root = join(tempDir(), 'shop');
  mkdirSync(root);
  renderProject(template, answers(root), root);
  git(root, 'init', '-q');
  commitAll(root, 'generated');
  for (const [path, [from, to]] of Object.entries(EDITS)) {
    const text = read(root, path);
    if (!text.includes(from)) throw new Error(`${path} has no "${from}"`);
    writeFileSync(join(root, path), text.replace(from, to));
  }
  commitAll(root, 'owner edits');
  const pack = writeTemplatePack(join(tempDir(), 'next', 'template.json'), newerTemplate(template));
  return { root, pack };
}

/** Every line the owner wrote is still there, and no edited file was simply replaced. */
function expectEditsKept(root: string, out: string) {
  for (const [path, [from, to]] of Object.entries(EDITS)) {
    expect(out, path).not.toMatch(new RegExp(`^ {2}update +${path.replaceAll('.', '\\.')} `, 'm'));
    const written = to.split('\n').filter((line) => line && !from.includes(line));
    for (const line of written) expect(read(root, path), path).toContain(line);
  }
}

describe('the data-loss sequence', () => {
  it('same-version upgrade, base lost, newer template: every edit is merged, none replaced', async () => {
    const { root, pack } = editedProject();
    const recordBefore = read(root, '.edge-app.json');

    const same = await upgrade(root);
    expect(same.err).toBe('');
    expect(same.out).toContain('Nothing to do.');
    // The record keeps the template's hashes, not those of the owner's edited files.
    expect(read(root, '.edge-app.json')).toBe(recordBefore);
    const record = JSON.parse(recordBefore);
    expect(record.files[HANDLER]).not.toBe(sha256(read(root, HANDLER)));

    unlinkSync(join(root, BASE_FILE));
    commitAll(root, 'the stored base is lost');
    const later = await upgrade(root, { [TEMPLATE_OVERRIDE_ENV]: pack });
    expect(later.err).toBe('');
    expect(later.out).toContain('merge base rebuilt from the template history');
    expect(later.code).toBe(0);
    expectEditsKept(root, later.out);
    // And the template's changes arrived beside them.
    expect(read(root, HANDLER)).toContain('Runs on every viewer request (v2),');
    expect(read(root, TEST)).toContain('forwards the request as it came');
    expect(read(root, 'edge.config.ts')).toContain('defaultTTL: 3600');
    expect(read(root, 'vitest.config.ts')).toContain("name: 'functions',");
    expect(read(root, 'README.md')).toContain('## Layout (v2)');
  });

  it('from a record an upgrade before 0.2.0 rewrote with the hashes of the edited files', async () => {
    const { root, pack } = editedProject();
    // What such an upgrade left: the record (format 1) holding the owner's files' hashes.
    const record = JSON.parse(read(root, '.edge-app.json'));
    delete record.format;
    for (const path of Object.keys(EDITS)) record.files[path] = sha256(read(root, path));
    writeFileSync(join(root, '.edge-app.json'), `${JSON.stringify(record, null, 2)}\n`);
    unlinkSync(join(root, BASE_FILE));
    commitAll(root, 'an upgrade of 0.1.0, its stored base lost since');

    const later = await upgrade(root, { [TEMPLATE_OVERRIDE_ENV]: pack });
    expect(later.err).toBe('');
    expect(later.out).toContain('rewritten by an upgrade before 0.2.0');
    expectEditsKept(root, later.out);
    // With no base for them, they are merged as files both sides created: conflicts to look at.
    expect(later.code).toBe(1);
    expect(read(root, HANDLER)).toContain('<<<<<<< your version');
  });
});
