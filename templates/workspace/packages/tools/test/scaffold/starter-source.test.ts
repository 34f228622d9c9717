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
import { EdgeUserError } from '../../src/errors.ts';
import { addFunction } from '../../src/scaffold/add-function.ts';
import {
  directoryStarterSource,
  openStarterSource,
  PACKED_STARTERS_FILE,
  packedStarterSource,
  packStarterDirectory,
  readPackedStarters,
  serializePackedStarters,
} from '../../src/scaffold/starter-source.ts';
import { copyTemplateWorkspace, removeCopies, templateRoot } from './workspace-copy.ts';

const repositoryStarters = join(templateRoot, 'packages', 'tools', 'starters');
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

function writeStarterFile(dir: string, path: string, content: string): void {
  const full = join(dir, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, content);
}

describe('packed and directory starters', () => {
  it('list the same catalogue and the same files for every starter of this repository', () => {
    const directory = directoryStarterSource(repositoryStarters);
    const packed = packedStarterSource(
      JSON.parse(packStarterDirectory(repositoryStarters)),
      'starters.json',
    );

    const catalogue = directory.list();
    expect(catalogue.length).toBeGreaterThanOrEqual(4);
    expect(packed.list()).toEqual(catalogue);
    for (const { eventType, starter, languages } of catalogue) {
      for (const language of languages) {
        const fromDirectory = directory.files(eventType, starter, language);
        const fromPacked = packed.files(eventType, starter, language);
        expect(fromDirectory.files.has('package.json')).toBe(true);
        expect(fromPacked.files, `${eventType}/${starter}/${language}`).toEqual(
          fromDirectory.files,
        );
        expect(fromPacked.executable).toEqual(fromDirectory.executable);
      }
    }
  });

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
    const packed = packedStarterSource(JSON.parse(packStarterDirectory(dir)), 'x');
    expect(packed.list()).toEqual(expected);
  });

  it('leaves caches and install output out of the pack, and keeps executable bits and bytes', () => {
    const dir = scratchDir();
    writeStarterFile(dir, 'viewer-request/blank/ts/package.json', '{}');
    writeStarterFile(dir, 'viewer-request/blank/ts/node_modules/x/index.js', 'no');
    writeStarterFile(dir, 'viewer-request/blank/ts/test/__pycache__/a.pyc', 'no');
    writeStarterFile(dir, 'viewer-request/blank/ts/run.sh', '#!/bin/sh\n');
    chmodSync(join(dir, 'viewer-request/blank/ts/run.sh'), 0o755);
    const binary = Buffer.from([0xff, 0xfe, 0x00, 0x01]);
    writeFileSync(join(dir, 'viewer-request/blank/ts/logo.bin'), binary);

    const packed = JSON.parse(packStarterDirectory(dir));

    expect(Object.keys(packed.files)).toEqual([
      'viewer-request/blank/ts/logo.bin',
      'viewer-request/blank/ts/package.json',
      'viewer-request/blank/ts/run.sh',
    ]);
    expect(packed.files['viewer-request/blank/ts/run.sh']).toEqual({
      content: '#!/bin/sh\n',
      executable: true,
    });
    const read = packedStarterSource(packed, 'x').files('viewer-request', 'blank', 'ts');
    expect(read.files.get('logo.bin')).toEqual(binary);
    expect([...read.executable]).toEqual(['run.sh']);
  });

  it('serializes the same bytes whatever order the files come in, one file per line', () => {
    const a = ['viewer-request/blank/ts/b.ts', { content: 'b' }] as const;
    const b = [
      'viewer-request/blank/ts/a.ts',
      { content: 'a', executable: true as const },
    ] as const;

    const text = serializePackedStarters([a, b]);

    expect(serializePackedStarters([b, a])).toBe(text);
    expect(text.split('\n')).toEqual([
      '{',
      '  "format": "edge-app-starters@1",',
      '  "files": {',
      '    "viewer-request/blank/ts/a.ts": {"content":"a","executable":true},',
      '    "viewer-request/blank/ts/b.ts": {"content":"b"}',
      '  }',
      '}',
      '',
    ]);
  });
});

describe('openStarterSource', () => {
  it('reads the starters directory, or starters.json, whichever the tools package has', () => {
    const tools = scratchDir();
    writeStarterFile(tools, 'starters/viewer-request/blank/ts/package.json', '{}');
    expect(openStarterSource(tools).location).toBe(join(tools, 'starters'));
    expect(
      openStarterSource(tools)
        .list()
        .map((s) => s.eventType),
    ).toEqual(['viewer-request']);

    rmSync(join(tools, 'starters'), { recursive: true });
    writeFileSync(
      join(tools, PACKED_STARTERS_FILE),
      serializePackedStarters([['origin-request/blank/ts/package.json', { content: '{}' }]]),
    );
    const packed = openStarterSource(tools);
    expect(packed.location).toBe(join(tools, PACKED_STARTERS_FILE));
    expect(packed.list().map((s) => s.eventType)).toEqual(['origin-request']);
  });

  it('with both, takes each starter language whole from the directory when it has it', () => {
    const tools = scratchDir();
    writeFileSync(
      join(tools, PACKED_STARTERS_FILE),
      serializePackedStarters([
        ['viewer-request/blank/ts/package.json', { content: '{"description":"packed"}' }],
        ['viewer-request/blank/ts/src/index.ts', { content: 'packed\n' }],
        ['viewer-request/blank/python/package.json', { content: '{}' }],
        ['viewer-request/blank/python/src/index.py', { content: 'packed = 1\n' }],
      ]),
    );
    // An owner's own starter, and an owner's copy of the TypeScript blank one.
    writeStarterFile(tools, 'starters/viewer-request/mine/ts/package.json', '{}');
    writeStarterFile(tools, 'starters/viewer-request/blank/ts/package.json', '{}');
    writeStarterFile(tools, 'starters/viewer-request/blank/ts/src/handler.ts', 'own\n');
    // Left behind without its package.json: not a starter, so the packed one is used.
    writeStarterFile(tools, 'starters/viewer-request/blank/python/src/index.py', 'stale\n');

    const source = openStarterSource(tools);

    expect(source.list()).toEqual([
      {
        eventType: 'viewer-request',
        starter: 'blank',
        languages: ['ts', 'python'],
        description: '',
      },
      { eventType: 'viewer-request', starter: 'mine', languages: ['ts'], description: '' },
    ]);
    expect([...source.files('viewer-request', 'blank', 'ts').files.keys()].sort()).toEqual([
      'package.json',
      'src/handler.ts',
    ]);
    const python = source.files('viewer-request', 'blank', 'python').files;
    expect(python.get('src/index.py')?.toString()).toBe('packed = 1\n');
  });

  it('says what is missing when there is neither', () => {
    const tools = scratchDir();
    expect(() => openStarterSource(tools)).toThrow(EdgeUserError);
    expect(() => openStarterSource(tools)).toThrow(/neither .*starters nor .*starters\.json/);
  });

  it.each([
    ['not JSON', '{ "format": ', /is not valid JSON/],
    ['another format', '{"format":"other","files":{}}', /expected "format": "edge-app-starters@1"/],
    ['no files', '{"format":"edge-app-starters@1"}', /is not a starters file/],
  ])('refuses a starters.json that is %s, saying to restore it', (_, content, message) => {
    const path = join(scratchDir(), PACKED_STARTERS_FILE);
    writeFileSync(path, content);
    const error = (() => {
      try {
        readPackedStarters(path);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(EdgeUserError);
    expect((error as EdgeUserError).message).toMatch(message);
    expect((error as EdgeUserError).hint).toContain('restore it from git');
  });
});

describe('addFunction in a generated project (packed starters)', () => {
  it('copies the starter from starters.json, byte for byte, with its executable bits', async () => {
    const root = copyTemplateWorkspace({ starters: 'packed' });
    const source = openStarterSource(join(root, 'packages', 'tools'));
    expect(source.location).toBe(join(root, 'packages', 'tools', PACKED_STARTERS_FILE));

    const { files } = await addFunction({
      root,
      name: 'auth',
      eventType: 'viewer-request',
      starter: 'blank',
      language: 'ts',
    });

    const original = directoryStarterSource(repositoryStarters).files(
      'viewer-request',
      'blank',
      'ts',
    );
    expect(files).toEqual([
      ...[...original.files.keys()].sort().map((path) => `packages/auth/${path}`),
      'edge.config.ts',
    ]);
    for (const [path, bytes] of original.files) {
      if (path === 'package.json') continue;
      const written = join(root, 'packages', 'auth', path);
      expect(readFileSync(written), path).toEqual(bytes);
      expect((statSync(written).mode & 0o111) !== 0, path).toBe(original.executable.has(path));
    }
  });

  it('refuses an unknown starter with the ones starters.json has', async () => {
    const root = copyTemplateWorkspace({ starters: 'packed' });
    const error = await addFunction({
      root,
      name: 'fn',
      eventType: 'origin-response',
      starter: 'no-such',
      language: 'ts',
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EdgeUserError);
    expect((error as EdgeUserError).hint).toContain('blank');
  });
});
