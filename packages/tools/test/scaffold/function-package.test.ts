// renderFunctionPackage is pure, so it is tested here without a disk.
import { describe, expect, it } from 'vitest';
import { renderFunctionPackage } from '../../src/scaffold/function-package.ts';
import {
  isStarterContent,
  type StarterFile,
  type StarterInfo,
} from '../../src/scaffold/starters.ts';
import { refusal } from './refusal.ts';
import { shopConfig } from './shop-config.ts';

const CONFIG = shopConfig();

const CATALOGUE: StarterInfo[] = [
  { eventType: 'viewer-request', starter: 'blank', languages: ['ts', 'python'], description: '' },
  { eventType: 'viewer-request', starter: 'jwt-auth', languages: ['ts'], description: '' },
];

const STARTER = starterOf([
  [
    'package.json',
    Buffer.from('{\n  "private": true,\n  "edge": { "eventType": "viewer-request" }\n}\n'),
  ],
  ['src/index.ts', Buffer.from('export const handler = 1;\n')],
  ['test/index.test.ts', Buffer.from('// test\n')],
  ['node_modules/dep/index.js', Buffer.from('installed')],
  ['test/__pycache__/x.pyc', Buffer.from('cache')],
]);

function starterOf(files: Array<[string, Buffer]>): Map<string, StarterFile> {
  return new Map(files.map(([path, bytes]) => [path, { bytes, executable: false }]));
}

function render(overrides: Partial<Parameters<typeof renderFunctionPackage>[0]> = {}) {
  return renderFunctionPackage({
    name: 'auth',
    eventType: 'viewer-request',
    starter: 'blank',
    language: 'ts',
    catalogue: CATALOGUE,
    starterFiles: () => STARTER,
    config: CONFIG,
    ...overrides,
  });
}

describe('renderFunctionPackage', () => {
  it('maps the starter into packages/<name>/, leaving out install output and caches', () => {
    const { files, executable } = render({
      starterFiles: () =>
        new Map([...STARTER, ['run.sh', { bytes: Buffer.from('#!/bin/sh\n'), executable: true }]]),
    });
    expect([...files.keys()]).toEqual([
      'packages/auth/package.json',
      'packages/auth/run.sh',
      'packages/auth/src/index.ts',
      'packages/auth/test/index.test.ts',
    ]);
    expect(files.get('packages/auth/src/index.ts')?.toString()).toBe('export const handler = 1;\n');
    expect([...executable]).toEqual(['packages/auth/run.sh']);
  });

  it('names the package first in package.json and keeps the other fields in order', () => {
    const manifest = JSON.parse(render().files.get('packages/auth/package.json')!.toString());
    expect(Object.keys(manifest)).toEqual(['name', 'private', 'edge']);
    expect(manifest).toEqual({
      name: 'auth',
      private: true,
      edge: { eventType: 'viewer-request' },
    });
  });

  it('names the versions it is given where the starter says workspace:*', () => {
    const starter = starterOf([
      [
        'package.json',
        Buffer.from(
          '{"dependencies":{"@edge-app/events":"workspace:*","jose":"6.0.0"},"devDependencies":{"@edge-app/runtime":"workspace:*"}}',
        ),
      ],
    ]);
    const { files } = render({
      starterFiles: () => starter,
      packageVersions: new Map([['@edge-app/events', '1.2.3']]),
    });
    const manifest = JSON.parse(files.get('packages/auth/package.json')!.toString());
    expect(manifest.dependencies).toEqual({ '@edge-app/events': '1.2.3', jose: '6.0.0' });
    expect(manifest.devDependencies).toEqual({ '@edge-app/runtime': 'workspace:*' });
  });

  it('adds the association under the marker, leaving the rest of the config as it was', () => {
    const { config } = render();
    expect(config).toBe(
      CONFIG.replace('// edge:functions\n', "// edge:functions\n      'viewer-request': 'auth',\n"),
    );
  });

  it('chains: a second package is added to the config the first one returned', () => {
    const first = render();
    const second = render({
      name: 'log',
      eventType: 'origin-response',
      catalogue: [...CATALOGUE, { ...CATALOGUE[0]!, eventType: 'origin-response' }],
      config: first.config,
    });
    expect(second.config).toContain("'viewer-request': 'auth',\n      'origin-response': 'log',");
  });

  it('refuses an unknown starter or language before reading the starter', () => {
    let read = false;
    const starterFiles = () => {
      read = true;
      return STARTER;
    };
    expect(refusal(() => render({ starter: 'nope', starterFiles })).message).toBe(
      'There is no "nope" starter for viewer-request.',
    );
    expect(
      refusal(() => render({ starter: 'jwt-auth', language: 'python', starterFiles })).message,
    ).toContain('has no Python version');
    expect(read).toBe(false);
  });

  it('refuses a bad name and a second function for the same event type', () => {
    expect(refusal(() => render({ name: 'My Fn' })).message).toContain('not a valid function name');
    const taken = render().config;
    expect(refusal(() => render({ name: 'other', config: taken })).message).toContain(
      'already has a viewer-request function ("auth")',
    );
  });

  it('says which starter is broken when it has no package.json', () => {
    const broken = starterOf([['src/index.ts', Buffer.from('')]]);
    expect(() => render({ starterFiles: () => broken })).toThrow(
      'The blank starter for viewer-request (ts) has no package.json.',
    );
  });
});

describe('isStarterContent', () => {
  it('rejects a path with an install or cache directory at any depth', () => {
    expect(isStarterContent('src/index.ts')).toBe(true);
    expect(isStarterContent('node_modules/x.js')).toBe(false);
    expect(isStarterContent('test/.pytest_cache/v/x')).toBe(false);
    expect(isStarterContent('distant/file.ts')).toBe(true);
  });
});
