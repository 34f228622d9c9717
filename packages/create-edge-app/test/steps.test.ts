import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Answers } from '../src/answers/types.ts';
import { CliCancelled } from '../src/errors.ts';
import { listenForCancel } from '../src/steps/cancel.ts';
import { pnpmCommand } from '../src/steps/install.ts';
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
  it('turns SIGINT into a cancelled signal until disposed', () => {
    const before = process.listenerCount('SIGINT');
    const scope = listenForCancel();
    try {
      expect(() => scope.throwIfCancelled()).not.toThrow();
      process.emit('SIGINT', 'SIGINT');
      expect(scope.signal.aborted).toBe(true);
      expect(() => scope.throwIfCancelled()).toThrow(CliCancelled);
    } finally {
      scope.dispose();
    }
    expect(process.listenerCount('SIGINT')).toBe(before);
  });
});
