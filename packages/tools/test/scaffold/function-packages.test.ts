import { EVENT_TYPES } from '@edge-app/events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type FunctionPackageFiles,
  renderFunctionPackage,
  renderFunctionPackages,
} from '../../src/scaffold/function-package.ts';
import * as scan from '../../src/scaffold/source-scan.ts';
import type { StarterFile, StarterInfo } from '../../src/scaffold/starters.ts';
import { refusal } from './refusal.ts';
import { shopConfig } from './shop-config.ts';

// Counts the masking passes, the cost that rendering several packages at once saves.
vi.mock('../../src/scaffold/source-scan.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/scaffold/source-scan.ts')>();
  return { ...actual, maskNonCode: vi.fn(actual.maskNonCode) };
});

afterEach(() => vi.mocked(scan.maskNonCode).mockClear());

const CONFIG = shopConfig("  behaviors: [{ pathPattern: '/api/*', origin: 'site' }],\n");

const CATALOGUE: StarterInfo[] = EVENT_TYPES.map((eventType) => ({
  eventType,
  starter: 'blank',
  languages: ['ts', 'python'],
  description: '',
}));

function starterFiles(eventType: string): ReadonlyMap<string, StarterFile> {
  const files: Array<[string, Buffer]> = [
    [
      'package.json',
      Buffer.from(`{\n  "private": true,\n  "edge": { "eventType": "${eventType}" }\n}\n`),
    ],
    ['src/index.ts', Buffer.from(`export const handler = '${eventType}';\n`)],
    ['node_modules/dep/index.js', Buffer.from('installed')],
  ];
  return new Map(files.map(([path, bytes]) => [path, { bytes, executable: false }]));
}

/** One function per event type, named after it. */
function fourFunctions(behavior?: string): FunctionPackageFiles[] {
  return EVENT_TYPES.map((eventType, i) => ({
    name: `fn-${eventType}`,
    eventType,
    starter: 'blank',
    language: i % 2 === 0 ? 'ts' : 'python',
    behavior,
    catalogue: CATALOGUE,
    starterFiles: () => starterFiles(eventType),
  }));
}

function oneAtATime(inputs: readonly FunctionPackageFiles[], config: string) {
  const packages = [];
  for (const input of inputs) {
    const { files, executable, config: next } = renderFunctionPackage({ ...input, config });
    packages.push({ files, executable });
    config = next;
  }
  return { packages, config };
}

describe('renderFunctionPackages', () => {
  it('gives the files and config of one renderFunctionPackage after another', () => {
    for (const behavior of [undefined, '/api/*']) {
      const inputs = fourFunctions(behavior);
      const rendered = renderFunctionPackages(inputs, CONFIG);
      expect(rendered).toEqual(oneAtATime(inputs, CONFIG));
      expect(rendered.packages.map(({ files }) => [...files.keys()])).toEqual(
        EVENT_TYPES.map((t) => [`packages/fn-${t}/package.json`, `packages/fn-${t}/src/index.ts`]),
      );
    }
    expect(renderFunctionPackages(fourFunctions(), CONFIG).config).toContain(
      `      // edge:functions
      'viewer-request': 'fn-viewer-request',
      'origin-request': 'fn-origin-request',
      'origin-response': 'fn-origin-response',
      'viewer-response': 'fn-viewer-response',
    },`,
    );
  });

  it('masks edge.config.ts once for all four', () => {
    renderFunctionPackages(fourFunctions(), CONFIG);
    expect(scan.maskNonCode).toHaveBeenCalledTimes(1);
  });

  it('checks each input in turn before any association, and renders nothing for none', () => {
    const inputs = fourFunctions();
    const badName = { ...inputs[3]!, name: 'Bad Name' };
    const unknownStarter = { ...inputs[2]!, starter: 'nope' };
    // The config clashes with the first input, yet the third input's own check speaks first.
    const taken = CONFIG.replace(
      '// edge:functions',
      "// edge:functions\n      'viewer-request': 'x',",
    );
    expect(
      refusal(() => renderFunctionPackages([inputs[0]!, unknownStarter, badName], taken)).message,
    ).toBe('There is no "nope" starter for origin-response.');
    expect(refusal(() => renderFunctionPackages(inputs, taken)).message).toContain(
      'already has a viewer-request function ("x")',
    );
    expect(renderFunctionPackages([], CONFIG)).toEqual({ packages: [], config: CONFIG });
  });

  it('refuses a clashing association before reading any starter', () => {
    const taken = CONFIG.replace(
      '// edge:functions',
      "// edge:functions\n      'viewer-request': 'x',",
    );
    let reads = 0;
    const counted = fourFunctions().map((input) => ({
      ...input,
      starterFiles: () => {
        reads++;
        return input.starterFiles();
      },
    }));
    expect(refusal(() => renderFunctionPackages(counted, taken)).message).toContain(
      'already has a viewer-request function ("x")',
    );
    expect(reads).toBe(0);
  });
});
