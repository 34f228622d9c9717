/**
 * The promise of `pnpm gen trigger`: after adding functions, the workspace still installs,
 * type-checks, tests and builds. Every starter in every language is added to a copy of the
 * template (as create-edge-app writes it: without the shared packages' own tests) outside
 * this repository, then the workspace's own scripts run there. Installing needs the npm
 * registry; pnpm's store makes repeated runs quick.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { promisify } from 'node:util';
import type { EventType } from '@edge-app/events';
import { afterAll, describe, expect, it } from 'vitest';
import { addFunction, listStarters } from '../../src/scaffold/add-function.ts';
import { templateRoot } from './workspace-copy.ts';

const run = promisify(execFile);
const NOT_COPIED = new Set(['node_modules', 'dist', '.cache', '.edge', '__pycache__']);
const SHORT: Record<EventType, string> = {
  'viewer-request': 'vreq',
  'origin-request': 'oreq',
  'origin-response': 'ores',
  'viewer-response': 'vres',
};

/** pnpm as the test was started with it, else the pinned version through npx. */
function pnpm(args: string[]): [string, string[]] {
  const execPath = process.env.npm_execpath;
  if (execPath && /pnpm/.test(execPath)) return [process.execPath, [execPath, ...args]];
  return ['npx', ['-y', 'pnpm@10.34.8', ...args]];
}

async function pnpmIn(root: string, args: string[]): Promise<{ code: number; output: string }> {
  const [command, argv] = pnpm(args);
  const env: NodeJS.ProcessEnv = { ...process.env, CI: '1', NO_COLOR: '1', FORCE_COLOR: '0' };
  delete env.npm_config_user_agent;
  return run(command, argv, { cwd: root, env, maxBuffer: 64 * 1024 * 1024 })
    .then(
      ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
      (error: { code?: number; stdout?: string; stderr?: string }) => ({
        code: typeof error.code === 'number' ? error.code : 1,
        output: `${error.stdout ?? ''}${error.stderr ?? ''}`,
      }),
    )
    .then(({ code, output }) => ({ code, output: stripAnsi(output) }));
}

function stripAnsi(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escapes are control characters
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}

const root = mkdtempSync(join(tmpdir(), 'edge-every-starter-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('a workspace with every starter added', () => {
  it('installs, type-checks, tests and builds', { timeout: 600_000 }, async () => {
    cpSync(templateRoot, root, {
      recursive: true,
      filter: (path) => {
        if (NOT_COPIED.has(basename(path))) return false;
        // The shared packages' tests belong to this repository (create-edge-app leaves them out).
        return !/^packages\/[^/]+\/test$/.test(relative(templateRoot, path).split('\\').join('/'));
      },
    });
    // The shared packages are copied as workspace members here (a generated project installs
    // them vendored); their "0.1.0" specifiers then resolve to them, as in this repository.
    const workspaceFile = join(root, 'pnpm-workspace.yaml');
    writeFileSync(
      workspaceFile,
      `${readFileSync(workspaceFile, 'utf8')}\nlinkWorkspacePackages: true\n`,
    );
    // One behavior per starter of an event type: CloudFront allows one function per event
    // type on a behavior.
    const starters = listStarters(join(root, 'packages', 'tools', 'starters'));
    const added: Array<{ name: string; behavior: string }> = [];
    const perType = new Map<string, number>();
    for (const { eventType, starter, languages } of starters) {
      for (const language of languages) {
        const index = perType.get(eventType) ?? 0;
        perType.set(eventType, index + 1);
        added.push({
          name: `${SHORT[eventType]}-${starter}-${language}`,
          behavior: `/b${index}/*`,
        });
      }
    }
    const behaviorCount = Math.max(...perType.values());
    const configPath = join(root, 'edge.config.ts');
    const behaviors = Array.from(
      { length: behaviorCount },
      (_, i) => `    { pathPattern: '/b${i}/*' },`,
    );
    writeFileSync(
      configPath,
      readFileSync(configPath, 'utf8').replace(
        'behaviors: [],',
        `behaviors: [\n${behaviors.join('\n')}\n  ],`,
      ),
    );
    let next = 0;
    for (const { eventType, starter, languages } of starters) {
      for (const language of languages) {
        const { name, behavior } = added[next++] as { name: string; behavior: string };
        await addFunction({ root, name, eventType, starter, language, behavior });
      }
    }

    const install = await pnpmIn(root, ['install', '--prefer-offline']);
    expect(install.output).not.toContain('ERR_PNPM');
    expect(install.code).toBe(0);

    const typecheck = await pnpmIn(root, ['typecheck']);
    expect(typecheck.output).not.toMatch(/error TS\d+/);
    expect(typecheck.code).toBe(0);

    const test = await pnpmIn(root, ['test']);
    expect(test.output).toMatch(/Test Files\s+\d+ passed/);
    expect(test.output).not.toMatch(/\d+ failed/);
    expect(test.code).toBe(0);

    const build = await pnpmIn(root, ['build']);
    expect(build.code).toBe(0);
    for (const { name } of added) expect(build.output).toContain(name);
  });
});
