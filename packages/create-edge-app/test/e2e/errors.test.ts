import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { templateStarters } from '../../src/render/render.ts';
import { loadTemplate } from '../../src/template/template.ts';
import { tempDir } from '../helpers/temp.ts';
import { assertBuilt, DIST_DIR, runCli } from './helpers/cli.ts';

beforeAll(assertBuilt);

describe('the built CLI without a terminal', () => {
  it('fails at once, never hanging at a prompt, when neither --yes nor the flags are given', async () => {
    const cwd = tempDir();
    const run = await runCli(['my-app'], { cwd, timeoutMs: 20_000 });
    expect(run.timedOut).toBe(false);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('No terminal to ask questions on');
    expect(run.stderr).toContain('--triggers');
    expect(run.stderr).toContain('Pass --yes');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('refuses a non-empty directory, listing what is in the way', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'taken'));
    writeFileSync(join(cwd, 'taken', 'index.html'), '<p>mine</p>');
    writeFileSync(join(cwd, 'taken', '.env'), 'X=1');
    const run = await runCli(['taken', '--yes'], { cwd });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('taken is not empty: .env, index.html.');
    expect(run.stderr).toContain('pass --force');
    expect(readdirSync(join(cwd, 'taken')).sort()).toEqual(['.env', 'index.html']);
    expect(readdirSync(cwd)).toEqual(['taken']);
  });

  it('refuses an invalid project name and suggests a valid one', async () => {
    const cwd = tempDir();
    const run = await runCli(['My Edge App', '--yes'], { cwd });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(
      '"My Edge App" (the last part of "My Edge App") is not a valid npm package name',
    );
    expect(run.stderr).toContain('Use "my-edge-app" instead');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('rejects unknown flags, triggers and starters, listing the valid values', async () => {
    const cwd = tempDir();
    const flag = await runCli(['app', '--typescript'], { cwd });
    expect([flag.exitCode, flag.stderr]).toEqual([
      1,
      expect.stringContaining('Unknown option "--typescript".'),
    ]);
    const trigger = await runCli(['app', '-y', '-t', 'viewer-request,edge'], { cwd });
    expect(trigger.stderr).toContain(
      'Valid triggers: viewer-request, origin-request, origin-response, viewer-response',
    );
    const starter = await runCli(
      ['app', '-y', '-t', 'viewer-request', '-s', 'viewer-request=nope'],
      { cwd },
    );
    expect(starter.exitCode).toBe(1);
    expect(starter.stderr).toContain('There is no "nope" starter for viewer-request.');
    expect(starter.stderr).toContain('Starters for viewer-request: blank');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('answers --help and --version without loading the prompts, execa or the template', async () => {
    const cwd = tempDir();
    const hooks = join(cwd, 'hooks.mjs');
    const trace = join(cwd, 'trace.mjs');
    // A module loader hook (its own thread) reports every module it loads; at exit the main
    // thread lists those of dist/.
    writeFileSync(
      hooks,
      `let port;
export function initialize(data) { port = data.port; }
export async function load(url, context, next) { port.postMessage(url); return next(url, context); }
`,
    );
    writeFileSync(
      trace,
      `import { register } from 'node:module';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
const { port1, port2 } = new MessageChannel();
port1.unref();
register(${JSON.stringify(pathToFileURL(hooks).href)}, { data: { port: port2 }, transferList: [port2] });
process.on('exit', () => {
  for (let m = receiveMessageOnPort(port1); m; m = receiveMessageOnPort(port1)) {
    if (m.message.includes('/dist/')) process.stderr.write('LOADED ' + m.message.split('/').pop() + '\\n');
  }
});
`,
    );
    const loadedBy = (stderr: string) =>
      stderr
        .split('\n')
        .filter((line) => line.startsWith('LOADED '))
        .map((line) => line.slice('LOADED '.length));
    // What only the prompts, execa and the create command contain.
    const markers = { prompts: 'isCancel', execa: 'Command failed with', create: 'renderFiles' };
    const holding = (marker: string) =>
      readdirSync(DIST_DIR).filter(
        (file) =>
          file.endsWith('.js') && readFileSync(join(DIST_DIR, file), 'utf8').includes(marker),
      );
    for (const marker of Object.values(markers)) expect(holding(marker), marker).not.toEqual([]);

    const help = await runCli(['--help'], { cwd, nodeOptions: ['--import', trace] });
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('Usage:');
    const loaded = loadedBy(help.stderr);
    expect(loaded).toContain('index.js');
    for (const marker of Object.values(markers)) {
      expect(
        loaded.filter((file) => holding(marker).includes(file)),
        marker,
      ).toEqual([]);
    }

    // Creating a project loads the create command, and still neither the prompts nor execa
    // without a terminal, an install or git.
    const create = await runCli(['app', '--yes', '--no-install', '--no-git'], {
      cwd,
      nodeOptions: ['--import', trace],
    });
    expect(create.exitCode).toBe(0);
    const created = loadedBy(create.stderr);
    expect(created.filter((file) => holding(markers.create).includes(file))).not.toEqual([]);
    for (const marker of [markers.prompts, markers.execa]) {
      expect(
        created.filter((file) => holding(marker).includes(file)),
        marker,
      ).toEqual([]);
    }

    const version = await runCli(['--version'], { cwd });
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('the built CLI and file-system errors', () => {
  it('names the file a target path goes through, writing nothing', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'notes.txt'), 'mine');
    const run = await runCli(['notes.txt/app', '--yes', '--no-install', '--no-git'], { cwd });
    expect(run.stderr).toContain(`${join(cwd, 'notes.txt')} is a file, not a directory.`);
    expect(run.stderr).not.toContain('this is a bug');
    expect(run.exitCode).toBe(1);
    expect(readdirSync(cwd)).toEqual(['notes.txt']);
  });

  it('says a read-only parent directory is not writable', async (context) => {
    const cwd = tempDir();
    const readOnly = join(cwd, 'read-only');
    mkdirSync(readOnly);
    chmodSync(readOnly, 0o555);
    // Root writes through permissions: then the CLI runs as an unprivileged user (nobody).
    const asRoot = process.getuid?.() === 0;
    const user = asRoot ? { uid: 65534, gid: 65534 } : {};
    if (asRoot) {
      chmodSync(cwd, 0o755);
      const probe = await runCli(['--version'], { cwd, ...user });
      if (probe.exitCode !== 0) {
        context.skip('running as root, and the unprivileged user cannot read the built CLI');
      }
    }
    const run = await runCli(['read-only/app', '--yes', '--no-install', '--no-git'], {
      cwd,
      ...user,
    });
    expect(run.stderr).toContain(
      `✖ Cannot write the project to ${join(readOnly, 'app')}: permission denied`,
    );
    expect(run.stderr).toContain('Choose a directory you can write to');
    expect(run.exitCode).toBe(1);
    expect(readdirSync(readOnly)).toEqual([]);
  });

  // A real full disk needs a small file system: a tmpfs, which only root may mount.
  const canMount = (() => {
    if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
    const probe = tempDir('cea-mount-probe-');
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { stdio: 'pipe' });
      execFileSync('umount', [probe], { stdio: 'pipe' });
      return true;
    } catch {
      return false;
    }
  })();

  it.skipIf(!canMount)(
    'says the disk is full, leaving nothing behind (a 64 KB tmpfs; needs root that may mount)',
    async () => {
      const cwd = tempDir();
      const small = join(cwd, 'small');
      mkdirSync(small);
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', small], { stdio: 'pipe' });
      try {
        const run = await runCli(['small/app', '--yes', '--no-install', '--no-git'], { cwd });
        expect(run.stderr).toContain(
          `✖ Cannot write the project to ${join(small, 'app')}: the disk is full`,
        );
        expect(run.stderr).toContain('Nothing was written.');
        expect(run.exitCode).toBe(1);
        expect(readdirSync(small)).toEqual([]);
      } finally {
        execFileSync('umount', [small], { stdio: 'pipe' });
        rmdirSync(small);
      }
    },
  );
});

describe('--help of the built CLI', () => {
  it('lists every starter the CLI carries, per trigger, with its languages', async () => {
    const run = await runCli(['--help'], { cwd: tempDir() });
    const section = run.stdout.slice(run.stdout.indexOf('Starters, per trigger'));
    const starters = templateStarters(loadTemplate(join(DIST_DIR, 'template.json'))).list();
    expect(starters.length).toBeGreaterThan(4);
    for (const { eventType, starter, languages } of starters) {
      const block = section.slice(section.indexOf(`  ${eventType} `)).split(/\n {2}\S/)[0] ?? '';
      expect(block.replace(/\s+/g, ' '), eventType).toContain(
        `${starter} (${languages.join(', ')})`,
      );
    }
  });
});
