import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ToolsError } from '../../src/errors.ts';
import { addFunction } from '../../src/scaffold/add-function.ts';
import {
  directoryStarterSource,
  installedStarterSource,
  isStarterContent,
  readStarterTree,
  starterSourceOf,
} from '../../src/scaffold/starters.ts';
import { copyTemplateWorkspace, removeCopies, repositoryStarters } from './workspace-copy.ts';

const scratch: string[] = [];

function scratchDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'edge-starters-'));
  scratch.push(dir);
  return dir;
}

afterEach(() => {
  removeCopies();
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function writeStarterFile(dir: string, path: string, content: string | Buffer): void {
  const full = join(dir, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, content);
}

describe('starter sources', () => {
  it('orders blank first, reads descriptions, and skips a language without package.json', () => {
    const dir = scratchDir();
    writeStarterFile(dir, 'viewer-request/alpha/ts/package.json', '{"description":"A"}');
    writeStarterFile(dir, 'viewer-request/blank/ts/package.json', '{"description":"B"}');
    writeStarterFile(dir, 'viewer-request/blank/python/src/index.py', 'x = 1\n');
    writeStarterFile(dir, 'origin-request/zeta/python/package.json', '{}');
    const expected = [
      { eventType: 'viewer-request', starter: 'blank', languages: ['ts'], description: 'B' },
      { eventType: 'viewer-request', starter: 'alpha', languages: ['ts'], description: 'A' },
      { eventType: 'origin-request', starter: 'zeta', languages: ['python'], description: '' },
    ];

    expect(directoryStarterSource(dir).list()).toEqual(expected);
    expect(starterSourceOf(readStarterTree(dir), 'memory').list()).toEqual(expected);
  });

  it('leaves caches and install output out, and keeps executable bits and bytes', () => {
    const dir = scratchDir();
    writeStarterFile(dir, 'README.md', 'not a starter file');
    writeStarterFile(dir, 'viewer-request/blank/ts/package.json', '{}');
    writeStarterFile(dir, 'viewer-request/blank/ts/node_modules/x/index.js', 'no');
    writeStarterFile(dir, 'viewer-request/blank/ts/test/__pycache__/a.pyc', 'no');
    writeStarterFile(dir, 'viewer-request/blank/ts/run.sh', '#!/bin/sh\n');
    chmodSync(join(dir, 'viewer-request/blank/ts/run.sh'), 0o755);
    const binary = Buffer.from([0xff, 0xfe, 0x00, 0x01]);
    writeStarterFile(dir, 'viewer-request/blank/ts/logo.bin', binary);

    expect([...readStarterTree(dir).keys()]).toEqual([
      'viewer-request/blank/ts/logo.bin',
      'viewer-request/blank/ts/package.json',
      'viewer-request/blank/ts/run.sh',
    ]);
    const files = directoryStarterSource(dir).files('viewer-request', 'blank', 'ts');
    expect(files.get('logo.bin')?.bytes).toEqual(binary);
    expect(files.get('run.sh')).toEqual({ bytes: Buffer.from('#!/bin/sh\n'), executable: true });
    expect(files.get('package.json')?.executable).toBe(false);
  });

  it('says what is missing when the directory does not exist', () => {
    const error = (() => {
      try {
        directoryStarterSource(join(scratchDir(), 'nowhere'));
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ToolsError);
    expect((error as ToolsError).hint).toContain('pnpm install');
  });

  it('installed: the repository starters when run from source', () => {
    const installed = installedStarterSource();
    expect(installed.location).toBe(repositoryStarters);
    expect(installed.list().map((s) => `${s.eventType}/${s.starter}`)).toContain(
      'viewer-request/jwt-auth',
    );
  });

  it('rejects a path with an install or cache directory at any depth', () => {
    expect(isStarterContent('src/index.ts')).toBe(true);
    expect(isStarterContent('node_modules/x.js')).toBe(false);
    expect(isStarterContent('test/__pycache__/a.pyc')).toBe(false);
    expect(isStarterContent('a/dist')).toBe(false);
  });
});

describe('addFunction from the installed starters', () => {
  it('copies the starter byte for byte, with its executable bits', async () => {
    const root = copyTemplateWorkspace();

    const { files } = await addFunction({
      root,
      name: 'auth',
      eventType: 'viewer-request',
      starter: 'jwt-auth',
      language: 'ts',
    });

    const original = directoryStarterSource(repositoryStarters).files(
      'viewer-request',
      'jwt-auth',
      'ts',
    );
    expect(files).toEqual([
      ...[...original.keys()].sort().map((path) => `packages/auth/${path}`),
      'edge.config.ts',
    ]);
    for (const [path, { bytes, executable }] of original) {
      if (path === 'package.json') continue;
      const written = join(root, 'packages', 'auth', path);
      expect(readFileSync(written), path).toEqual(bytes);
      expect((statSync(written).mode & 0o111) !== 0, path).toBe(executable);
    }
  });

  it('names the versions of @edge-app/* packages the workspace root names', async () => {
    const root = copyTemplateWorkspace();
    const manifestPath = join(root, 'package.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    manifest.devDependencies['@edge-app/events'] = '9.8.7';
    writeFileSync(manifestPath, JSON.stringify(manifest));

    await addFunction({
      root,
      name: 'fn',
      eventType: 'viewer-request',
      starter: 'blank',
      language: 'ts',
    });

    const added = JSON.parse(readFileSync(join(root, 'packages/fn/package.json'), 'utf8'));
    expect(added.dependencies['@edge-app/events']).toBe('9.8.7');
    // The root still links the runtime from the workspace: that range stays as it is.
    expect(added.devDependencies['@edge-app/runtime']).toBe('workspace:*');
  });
});
