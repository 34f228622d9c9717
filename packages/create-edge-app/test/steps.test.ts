import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { Answers } from '../src/answers/types.ts';
import { CliInterrupted } from '../src/errors.ts';
import { listenForCancel } from '../src/steps/cancel.ts';
import {
  installDependencies,
  installEnvironment,
  type PnpmCommand,
  pnpmCommand,
} from '../src/steps/install.ts';
import { nextSteps } from '../src/steps/next-steps.ts';
import { tempDir } from './helpers/temp.ts';

describe('pnpmCommand', () => {
  it('uses pnpm from PATH when there is one', () => {
    const bin = tempDir();
    writeFileSync(join(bin, 'pnpm'), '#!/bin/sh\n');
    chmodSync(join(bin, 'pnpm'), 0o755);
    expect(pnpmCommand({ PATH: bin })).toEqual({ file: 'pnpm', prefix: [], display: 'pnpm' });
  });

  it('falls back to the pinned pnpm through npx, also when pnpm is there but not executable', () => {
    const bin = tempDir();
    writeFileSync(join(bin, 'pnpm'), 'not executable');
    chmodSync(join(bin, 'pnpm'), 0o644);
    expect(pnpmCommand({ PATH: bin })).toEqual({
      file: 'npx',
      prefix: ['-y', 'pnpm@10.34.8'],
      display: 'npx pnpm@10.34.8',
    });
  });
});

describe('nextSteps', () => {
  const answers: Answers = {
    targetDir: '/home/me/projects/my app',
    projectName: 'my-app',
    functions: [],
    install: false,
    git: true,
    force: false,
  };
  const pnpm = { file: 'pnpm', prefix: [], display: 'pnpm' };

  it('says where to go and what to run, install included when it was skipped', () => {
    expect(nextSteps(answers, '/home/me', pnpm)).toBe(
      [
        'Created my-app in /home/me/projects/my app.',
        '',
        'Next:',
        '  cd "projects/my app"',
        '  pnpm install',
        '  pnpm dev       # local CloudFront on http://localhost:8787',
        "  pnpm test      # every function's tests",
        '',
      ].join('\n'),
    );
  });

  it('leaves out cd and install when they are not needed', () => {
    const text = nextSteps({ ...answers, install: true }, answers.targetDir, pnpm);
    expect(text).not.toContain('cd ');
    expect(text).not.toContain('install');
  });
});

describe('listenForCancel', () => {
  it('turns SIGINT and SIGTERM into an aborted signal, keeping the first, until disposed', () => {
    const before = [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')];
    const scope = listenForCancel();
    try {
      expect(() => scope.throwIfCancelled()).not.toThrow();
      process.emit('SIGTERM', 'SIGTERM');
      process.emit('SIGINT', 'SIGINT');
      expect(scope.signal.aborted).toBe(true);
      expect(scope.received).toBe('SIGTERM');
      const thrown = (() => {
        try {
          scope.throwIfCancelled();
        } catch (error) {
          return error;
        }
      })();
      expect(thrown).toBeInstanceOf(CliInterrupted);
      expect(thrown).toMatchObject({ signal: 'SIGTERM', exitCode: 143 });
      expect(scope.signal.reason).toBeInstanceOf(CliInterrupted);
    } finally {
      scope.dispose();
    }
    expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual(before);
  });
});

describe('installEnvironment', () => {
  it('drops what `npm exec` sets for its own command, and keeps the user’s npm settings', () => {
    const env = installEnvironment({
      PATH: '/bin',
      npm_config_package: 'create-edge-app-0.2.0.tgz',
      npm_config_call: 'create-edge-app',
      npm_config_local_prefix: '/home/me',
      npm_command: 'exec',
      npm_lifecycle_event: 'npx',
      npm_config_registry: 'https://registry.example.com/',
      npm_config_cache: '/home/me/.npm',
    });
    expect(env).toEqual({
      PATH: '/bin',
      npm_config_registry: 'https://registry.example.com/',
      npm_config_cache: '/home/me/.npm',
    });
  });
});

describe('installDependencies', () => {
  /** A `pnpm` that starts a child of its own which would write `late.txt` after a second. */
  function fakePnpm(body: string): PnpmCommand {
    const bin = tempDir();
    const file = join(bin, 'fake-pnpm');
    writeFileSync(file, `#!/bin/sh\n${body}\n`);
    chmodSync(file, 0o755);
    return { file, prefix: [], display: 'fake-pnpm' };
  }

  it('reports a failing install with its exit code', async () => {
    const project = tempDir();
    const pnpm = fakePnpm('exit 3');
    const error = await installDependencies(project, pnpm, new AbortController().signal).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toMatchObject({
      code: 'install-failed',
      message: `fake-pnpm install failed in ${project}: it exited with code 3.`,
    });
  });

  it.skipIf(process.platform === 'win32')(
    'on a stop, ends the whole process tree before returning, so nothing writes afterwards',
    async () => {
      const project = tempDir();
      const pnpm = fakePnpm('(sleep 1; echo late > late.txt) &\necho $! > child.pid\nsleep 30');
      const controller = new AbortController();
      const installing = installDependencies(project, pnpm, controller.signal);
      await vi.waitFor(() => expect(existsSync(join(project, 'child.pid'))).toBe(true));
      const grandchild = Number(readFileSync(join(project, 'child.pid'), 'utf8'));
      controller.abort(new CliInterrupted('SIGTERM'));
      await expect(installing).rejects.toBeInstanceOf(CliInterrupted);
      // Returned only once the grandchild, which pnpm's own SIGTERM would not reach, is gone.
      expect(() => process.kill(grandchild, 0)).toThrow();
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(readdirSync(project).sort()).toEqual(['child.pid']);
    },
  );
});
