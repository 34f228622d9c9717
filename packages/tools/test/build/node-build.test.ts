import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFunctionBuilder } from '../../src/build/index.ts';
import type { ToolsError } from '../../src/errors.ts';
import { createTempProject, type TempProject, writeDependency } from './fixture.ts';
import { buildAll, buildError, rewriteProject, stages, viewerRequestEvent } from './helpers.ts';
import { unzip } from './zip-reader.ts';

let project: TempProject | undefined;
afterEach(() => {
  project?.cleanup();
  project = undefined;
  vi.unstubAllGlobals();
});

describe('createFunctionBuilder: Node.js functions', () => {
  it('writes a minified ESM bundle, a source map and a zip holding only the bundle', async () => {
    project = rewriteProject();
    const [built] = await buildAll(project);
    expect(built).toMatchObject({
      name: 'rewrite',
      eventType: 'viewer-request',
      language: 'node',
      handlerName: 'handler',
      outDir: join(project.root, 'dist', 'rewrite'),
      entry: join(project.root, 'dist', 'rewrite', 'index.mjs'),
      zipPath: join(project.root, 'dist', 'rewrite.zip'),
    });
    const code = readFileSync(built!.entry, 'utf8');
    expect(built!.bundleBytes).toBe(Buffer.byteLength(code));
    expect(code).not.toContain('tree-shaken away');
    expect(code).toContain('"hello"'); // the stage value, inlined
    expect(code).not.toContain('EDGE_CONFIG');
    expect(existsSync(`${built!.entry}.map`)).toBe(true);
    const zip = readFileSync(built!.zipPath!);
    expect(built!.zipBytes).toBe(zip.length);
    const entries = unzip(zip);
    expect(entries.map((e) => e.name)).toEqual(['index.mjs']);
    expect(entries[0]!.data.toString('utf8')).toBe(code);
    expect(built!.modules.map((m) => m.name)).toEqual(
      expect.arrayContaining(['packages/rewrite/src/index.ts', 'shout-lib']),
    );
    expect(built!.inputs).toEqual(
      expect.arrayContaining([
        join(project.root, 'packages/rewrite/src/index.ts'),
        join(project.root, 'packages/rewrite/src/prefix.ts'),
        join(project.root, 'node_modules/shout-lib/index.js'),
      ]),
    );
  });

  it('builds output that behaves as the sources do', async () => {
    project = rewriteProject();
    const [built] = await buildAll(project);
    const bundled = await import(`${pathToFileURL(built!.entry).href}?t=${Date.now()}`);
    // What the workspace's vitest config does with `define: vitestDefine(config)`.
    vi.stubGlobal('EDGE_CONFIG', { GREETING: 'hello' });
    const source = await import(
      pathToFileURL(join(project.root, 'packages/rewrite/src/index.ts')).href
    );
    const fromBundle = await bundled.handler(viewerRequestEvent());
    const fromSource = await source.handler(viewerRequestEvent());
    expect(fromBundle).toEqual(fromSource);
    expect(fromBundle.uri).toBe('/v2/picture.jpg');
    expect(fromBundle.headers['x-greeting']).toEqual([{ key: 'X-Greeting', value: 'HELLO!' }]);
  });

  it('runs CommonJS dependencies that require Node.js built-ins inside the ESM bundle', async () => {
    project = createTempProject({
      hashing: {
        eventType: 'origin-response',
        files: {
          'src/index.ts': `import { etag } from 'cjs-etag';
export const handler = async () => ({ status: '200', headers: { etag: [{ value: etag('x') }] } });
`,
        },
      },
    });
    writeDependency(project, 'cjs-etag', {
      'index.js':
        "const crypto = require('crypto');\nexports.etag = (s) => crypto.createHash('sha1').update(s).digest('hex');\n",
    });
    const [built] = await buildAll(project);
    // Plain Node, as Lambda loads it: vitest's module runner would supply a `require` itself.
    const { stdout } = await promisify(execFile)(process.execPath, [
      '--input-type=module',
      '--eval',
      `const { handler } = await import(${JSON.stringify(pathToFileURL(built!.entry).href)});
console.log(JSON.stringify(await handler()));`,
    ]);
    const response = JSON.parse(stdout);
    expect(response.headers.etag[0].value).toBe('11f6ad8ec52a2984abaafd7c3b516503785c2072');
  });

  it('produces the same zip bytes from the same sources', async () => {
    project = rewriteProject();
    const hash = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
    const [first] = await buildAll(project);
    const firstHash = hash(first!.zipPath!);
    rmSync(join(project.root, 'dist'), { recursive: true });
    const [second] = await buildAll(project);
    expect(hash(second!.zipPath!)).toBe(firstHash);

    // Another checkout (another absolute path, other file times) gives the same bytes too.
    const elsewhere = rewriteProject();
    try {
      expect(elsewhere.root).not.toBe(project.root);
      const [third] = await buildAll(elsewhere);
      expect(hash(third!.zipPath!)).toBe(firstHash);
    } finally {
      elsewhere.cleanup();
    }
  });

  it('bakes in the values of the stage asked for', async () => {
    project = rewriteProject();
    const config = {
      stages: { dev: { define: { GREETING: 'dev' } }, prod: { define: { GREETING: 'prod' } } },
    };
    const [dev] = await buildAll(project, { config });
    expect(readFileSync(dev!.entry, 'utf8')).toContain('"dev"');
    const [prod] = await buildAll(project, { config, stage: 'prod' });
    expect(readFileSync(prod!.entry, 'utf8')).toContain('"prod"');
  });

  it('rejects an unknown stage, listing the defined ones', async () => {
    project = rewriteProject();
    const error = await createFunctionBuilder({
      project: project.project(stages),
      stage: 'qa',
    }).then(
      () => undefined,
      (e: unknown) => e as ToolsError,
    );
    expect(error?.message).toBe('Stage "qa" is not defined in edge.config.ts.');
    expect(error?.hint).toContain('Use one of: prod');
  });

  it('names a missing handler export', async () => {
    project = createTempProject({
      nohandler: {
        eventType: 'viewer-request',
        files: { 'src/index.ts': 'export const main = () => 1;\n' },
      },
    });
    const error = await buildError(project);
    expect(error.message).toBe('packages/nohandler/src/index.ts does not export "handler".');
  });

  it('reports every failing function at once, with esbuild locations', async () => {
    project = createTempProject({
      broken: {
        eventType: 'viewer-request',
        files: { 'src/index.ts': 'export const handler = async () => {\n  return (;\n};\n' },
      },
      missing: {
        eventType: 'viewer-request',
        files: { 'src/index.ts': "import x from 'not-installed';\nexport const handler = x;\n" },
      },
    });
    const error = await buildError(project);
    expect(error.message).toContain('Function "broken" does not build:');
    expect(error.message).toMatch(/packages\/broken\/src\/index\.ts:2:\d+: error:/);
    expect(error.message).toContain('Function "missing" does not build:');
    expect(error.message).toContain('Could not resolve "not-installed"');
  });
});

describe('incremental builds', () => {
  it('rebuilds one function from its kept context and picks up edits', async () => {
    project = rewriteProject();
    const builder = await createFunctionBuilder({
      project: project.project(stages),
      incremental: true,
      zip: false,
    });
    try {
      const [first] = await builder.build();
      expect(first!.zipPath).toBeUndefined();
      expect(existsSync(join(project.root, 'dist', 'rewrite.zip'))).toBe(false);
      project.write(
        'packages/rewrite/src/prefix.ts',
        "export const prefix = (uri: string) => '/v3' + uri;\n",
      );
      const second = await builder.rebuild('rewrite');
      const module = await import(`${pathToFileURL(second.entry).href}?t=${Date.now()}`);
      const request = await module.handler(viewerRequestEvent());
      expect(request.uri).toBe('/v3/picture.jpg');
      await expect(builder.rebuild('nope')).rejects.toThrow('There is no function "nope".');

      // A burst of saves: overlapping rebuilds all finish, and the last edit wins.
      const burst = [4, 5, 6].map((version) => {
        project!.write(
          'packages/rewrite/src/prefix.ts',
          `export const prefix = (uri: string) => '/v${version}' + uri;\n`,
        );
        return builder.rebuild('rewrite');
      });
      const results = await Promise.all(burst);
      expect(results.map((r) => r.entry)).toEqual([second.entry, second.entry, second.entry]);
      const latest = await import(`${pathToFileURL(second.entry).href}?t=${Date.now()}-burst`);
      expect((await latest.handler(viewerRequestEvent())).uri).toBe('/v6/picture.jpg');
    } finally {
      await builder.dispose();
    }
  });
});
