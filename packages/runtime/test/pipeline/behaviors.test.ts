import { describe, expect, it } from 'vitest';
import {
  compilePathPattern,
  createPipeline,
  PipelineConfigError,
} from '../../src/pipeline/index.ts';
import { configWith, passThrough, recordingOrigin } from './helpers.ts';

describe('path patterns (CloudFront semantics)', () => {
  it('treats * as any run of characters, slashes included', () => {
    const match = compilePathPattern('/images/*');
    expect(match('/images/a.png')).toBe(true);
    expect(match('/images/deep/b.png')).toBe(true);
    expect(match('/images/')).toBe(true);
    expect(match('/images')).toBe(false);
    expect(match('/img/a.png')).toBe(false);
  });

  it('treats ? as exactly one character and everything else literally', () => {
    const match = compilePathPattern('/v?/*.json');
    expect(match('/v1/a.json')).toBe(true);
    expect(match('/v12/a.json')).toBe(false);
    expect(match('/v1/ajson')).toBe(false);
    expect(compilePathPattern('/a+b(c)')('/a+b(c)')).toBe(true);
  });

  it('is case-sensitive and accepts a pattern without the leading slash', () => {
    expect(compilePathPattern('/API/*')('/api/x')).toBe(false);
    expect(compilePathPattern('api/*')('/api/x')).toBe(true);
  });
});

describe('behavior selection', () => {
  it('uses the first matching behavior in declared order, then the default', async () => {
    const names = ['default', 'api', 'apiV2', 'static'] as const;
    const origins = Object.fromEntries(
      names.map((name) => [name, recordingOrigin(() => ({ status: 200, body: name }))]),
    );
    const pipeline = createPipeline({
      config: {
        origins: Object.fromEntries(names.map((n) => [n, origins[n]!.config])),
        defaultBehavior: { origin: 'default' },
        behaviors: [
          { pathPattern: '/api/v2/*', origin: 'apiV2' },
          { pathPattern: '/api/*', origin: 'api' },
          { pathPattern: '*.css', origin: 'static' },
        ],
      },
      functions: {},
    });
    const body = async (path: string) => (await pipeline.request(path)).text();
    expect(await body('/api/v2/users')).toBe('apiV2');
    expect(await body('/api/v1/users')).toBe('api');
    expect(await body('/api/site.css')).toBe('api');
    expect(await body('/site.css')).toBe('static');
    expect(await body('/')).toBe('default');
    expect((await pipeline.request('/api/x')).trace.behavior).toBe('/api/*');
  });

  it('runs only the functions of the behavior that matched', async () => {
    const apiFn = passThrough('viewer-request');
    const rootFn = passThrough('viewer-request');
    const origin = recordingOrigin();
    const pipeline = createPipeline({
      config: {
        origins: { default: origin.config },
        defaultBehavior: { functions: { 'viewer-request': 'root' } },
        behaviors: [
          { pathPattern: '/api/*', functions: { 'viewer-request': { function: 'api' } } },
        ],
      },
      functions: { api: apiFn, root: rootFn },
    });
    await pipeline.request('/api/a');
    await pipeline.request('/b');
    expect([apiFn.calls.length, rootFn.calls.length]).toEqual([1, 1]);
  });
});

describe('configuration mistakes', () => {
  const origin = recordingOrigin();
  it('names an unknown function and how to fix it', () => {
    expect(() =>
      createPipeline({
        config: configWith(origin.config, { 'viewer-request': 'nope' }),
        functions: {},
      }),
    ).toThrow(/runs "nope" on viewer-request, but there is no such function/);
  });

  it('refuses a function associated with the wrong event type', () => {
    const error = (() => {
      try {
        createPipeline({
          config: configWith(origin.config, { 'origin-request': 'fn' }),
          functions: { fn: passThrough('viewer-request') },
        });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(PipelineConfigError);
    expect((error as PipelineConfigError).message).toMatch(/it is a viewer-request function/);
    expect((error as PipelineConfigError).hint).toMatch(/Associate it with viewer-request/);
  });

  it('refuses includeBody on response events and unknown origins', () => {
    expect(() =>
      createPipeline({
        config: configWith(origin.config, {
          'origin-response': { function: 'fn', includeBody: true },
        }),
        functions: { fn: passThrough('origin-response') },
      }),
    ).toThrow(/functions\.origin-response\.includeBody is set on a response event/);
    expect(() =>
      createPipeline({
        config: { origins: { default: origin.config }, defaultBehavior: { origin: 'missing' } },
        functions: {},
      }),
    ).toThrow(
      /defaultBehavior\.origin is "missing", which is neither in `origins` nor in `originGroups`/,
    );
  });
});
