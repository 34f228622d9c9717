/**
 * `create-edge-app upgrade` as a user runs it, with the BUILT CLI: a project is generated
 * (no install), committed, and edited by its owner; a newer release is simulated by a
 * changed copy of the CLI's own template pack (dist/template.json), handed to the CLI through
 * its test hook. The owner's edits must survive, the template's changes arrive, and a real
 * conflict is marked inline and reported with exit code 1.
 */
import { existsSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../src/render/manifest.ts';
import type { PackedTemplate } from '../../src/template/pack.ts';
import { TEMPLATE_OVERRIDE_ENV } from '../../src/upgrade/command.ts';
import { tempDir } from '../helpers/temp.ts';
import { assertBuilt, BIN, DIST_DIR, GIT_IDENTITY } from './helpers/cli.ts';
import { KEYS, startPty } from './helpers/pty.ts';

beforeAll(assertBuilt);

/** A starter file in the template pack; generated projects carry the starters in one file. */
const STARTER = 'packages/tools/starters/viewer-request/blank/ts/src/index.ts';
const PACKED_STARTERS = 'packages/tools/starters.json';
const HANDLER = 'packages/viewer-request/src/index.ts';
const OWNER_LINE = "  request.headers['x-owner'] = [{ key: 'X-Owner', value: 'yes' }];\n";
const STARTER_V2 = ' * Runs on every viewer request (starter v2),';
const RIGHT_ARROW = '\x1b[C';

function run(args: string[], cwd: string, env: Record<string, string> = {}) {
  return execa('node', [BIN, ...args], {
    cwd,
    stdin: 'ignore',
    reject: false,
    timeout: 120_000,
    env: { ...GIT_IDENTITY, ...env },
  });
}

function git(cwd: string, ...args: string[]) {
  return execa('git', args, { cwd, env: GIT_IDENTITY });
}

/** The next release's template: the current one with a change of each kind. */
function newerTemplate(): PackedTemplate {
  const template = JSON.parse(
    readFileSync(join(DIST_DIR, 'template.json'), 'utf8'),
  ) as PackedTemplate;
  const edit = (path: string, from: string, to: string) => {
    const file = template.files[path];
    if (!file?.content.includes(from)) throw new Error(`${path} has no "${from}" to change`);
    file.content = file.content.replace(from, to);
  };
  edit(STARTER, ' * Runs on every viewer request,', STARTER_V2);
  edit('edge.config.ts', 'defaultTTL: 86400', 'defaultTTL: 3600');
  edit('packages/tools/src/errors.ts', '\n', '\n// v2\n');
  edit('plopfile.mjs', '\n', '\n// v2\n');
  template.files['docs/UPGRADING.md'] = { content: '# Upgrading\n' };
  delete template.files['packages/events/README.md'];
  return template;
}

async function ownedProject() {
  const cwd = tempDir('cea-upgrade-');
  const created = await run(
    ['shop', '--yes', '--no-install', '--no-git', '-t', 'viewer-request'],
    cwd,
  );
  expect(created.exitCode, created.stderr).toBe(0);
  const project = join(cwd, 'shop');
  await git(project, 'init', '-q');
  await git(project, 'add', '-A');
  await git(project, 'commit', '-q', '-m', 'generated');
  // The owner's edits: a header in the handler, a shorter TTL, and one file they do not want.
  const handler = readFileSync(join(project, HANDLER), 'utf8');
  writeFileSync(
    join(project, HANDLER),
    handler.replace('  return request;\n', `${OWNER_LINE}  return request;\n`),
  );
  const config = readFileSync(join(project, 'edge.config.ts'), 'utf8');
  writeFileSync(
    join(project, 'edge.config.ts'),
    config.replace('defaultTTL: 86400', 'defaultTTL: 600'),
  );
  unlinkSync(join(project, 'plopfile.mjs'));
  await git(project, 'commit', '-q', '-a', '-m', 'owner edits');
  const pack = join(cwd, 'next-template.json');
  writeFileSync(pack, JSON.stringify(newerTemplate()));
  return { project, env: { [TEMPLATE_OVERRIDE_ENV]: pack } };
}

const read = (project: string, path: string) => readFileSync(join(project, path), 'utf8');

describe('create-edge-app upgrade (built CLI)', () => {
  it('plans with --dry-run and --check without changing anything', async () => {
    const { project, env } = await ownedProject();
    const check = await run(['upgrade', '--check'], project, env);
    expect(check.stderr).toBe('');
    expect(check.exitCode).toBe(2);
    const dry = await run(['upgrade', project, '--dry-run'], '/', env);
    expect(dry.exitCode).toBe(0);
    const plan = (action: string, path: string) =>
      new RegExp(`^  ${action} +${path.replace(/\./g, '\\.')}  \\(`, 'm');
    expect(dry.stdout).toMatch(plan('add', 'docs/UPGRADING.md'));
    expect(dry.stdout).toMatch(plan('update', 'packages/tools/src/errors.ts'));
    expect(dry.stdout).toMatch(plan('update', PACKED_STARTERS));
    expect(dry.stdout).not.toContain('packages/tools/starters/');
    expect(dry.stdout).toMatch(plan('remove', 'packages/events/README.md'));
    expect(dry.stdout).toMatch(plan('merge-clean', HANDLER));
    expect(dry.stdout).toMatch(plan('conflict', 'edge.config.ts'));
    expect(dry.stdout).toMatch(plan('keep', 'plopfile.mjs'));
    expect(dry.stdout).toContain('Dry run: nothing was changed.');
    expect((await git(project, 'status', '--porcelain')).stdout).toBe('');
  });

  it("keeps the owner's edits, brings the template's, and marks the conflict", async () => {
    const { project, env } = await ownedProject();
    writeFileSync(join(project, 'scratch.txt'), 'uncommitted\n');
    const dirty = await run(['upgrade'], project, env);
    expect(dirty.exitCode).toBe(1);
    expect(dirty.stderr).toContain('uncommitted changes (scratch.txt)');
    unlinkSync(join(project, 'scratch.txt'));

    const upgraded = await run(['upgrade', '--yes'], project, env);
    expect(upgraded.stderr).toBe('');
    expect(upgraded.exitCode).toBe(1);
    expect(upgraded.stdout).toContain('Conflicts in 1 file(s)');
    expect(upgraded.stdout).toContain('  edge.config.ts (1 conflict)');

    const handler = read(project, HANDLER);
    expect(handler).toContain(OWNER_LINE);
    expect(handler).toContain(STARTER_V2);
    const config = read(project, 'edge.config.ts');
    expect(config).toMatch(
      /<<<<<<< your version\n.*defaultTTL: 600.*\n=======\n.*defaultTTL: 3600.*\n>>>>>>> create-edge-app [^\n]+ template\n/,
    );
    expect(config).toContain("'viewer-request': 'viewer-request',");
    // Unmerged in git's index, so that a commit cannot take the markers along unnoticed.
    expect((await git(project, 'status', '--porcelain')).stdout).toContain('UU edge.config.ts');
    expect(read(project, 'packages/tools/src/errors.ts')).toContain('// v2');
    expect(read(project, 'docs/UPGRADING.md')).toBe('# Upgrading\n');
    expect(existsSync(join(project, 'packages/events/README.md'))).toBe(false);
    expect(existsSync(join(project, 'plopfile.mjs'))).toBe(false);

    const record = JSON.parse(read(project, '.edge-app.json'));
    for (const [path, hash] of Object.entries(record.files as Record<string, string>)) {
      if (path === 'plopfile.mjs') continue; // deleted by the owner, remembered as such
      expect(sha256(readFileSync(join(project, path))), path).toBe(hash);
    }
    expect(record.files['packages/events/README.md']).toBeUndefined();

    // Resolved and committed, the project is up to date with that template.
    writeFileSync(
      join(project, 'edge.config.ts'),
      config.replace(
        /<<<<<<< [\s\S]*?>>>>>>> [^\n]*\n/,
        "    cache: { defaultTTL: 600, queryStrings: 'none' },\n",
      ),
    );
    await git(project, 'add', '-A');
    await git(project, 'commit', '-q', '-m', 'upgrade');
    const check = await run(['upgrade', '--check'], project, env);
    expect(check.stdout).toContain('nothing to change');
    expect(check.exitCode).toBe(0);
    expect(read(project, 'edge.config.ts')).toContain('defaultTTL: 600');
  });

  it('asks before applying in a terminal, and a no changes nothing', async () => {
    const { project, env } = await ownedProject();
    const session = startPty(['node', BIN, 'upgrade'], project, {
      env: { ...GIT_IDENTITY, ...env },
    });
    await session.waitFor(
      'Apply the upgrade (1 add, 2 update, 1 remove, 1 merge-clean, 1 conflict, 1 keep)?',
    );
    session.send(RIGHT_ARROW); // from Yes to No
    session.send(KEYS.enter);
    expect(await session.exit).toBe(0);
    expect(session.screen()).toContain('Cancelled; nothing was changed.');
    expect((await git(project, 'status', '--porcelain', '--untracked-files=all')).stdout).toBe('');
  });

  it('says plainly when the directory is not a generated project', async () => {
    const result = await run(['upgrade'], tempDir());
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('is not a project generated by create-edge-app');
  });
});
