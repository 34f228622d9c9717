import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFunctionBuilder } from '../../src/build/index.ts';
import { EdgeUserError } from '../../src/errors.ts';
import { createTempProject, type TempProject, writeDependency } from './fixture.ts';
import { unzip } from './zip-reader.ts';

const viewerRequestFixture = JSON.parse(
  readFileSync('/work/shared/fixtures/cloudfront-events/devguide/viewer-request.json', 'utf8'),
);
/** The Developer Guide's viewer-request event, asking for /picture.jpg. */
function viewerRequestEvent() {
  const event = structuredClone(viewerRequestFixture);
  event.Records[0].cf.request.uri = '/picture.jpg';
  return event;
}

// A handler with a local module, a dependency and build-time config: everything a bundle has
// to pull together.
const rewriteHandler = {
  'src/index.ts': `import { prefix } from './prefix.ts';
import { shout } from 'shout-lib';
export const handler = async (event: any) => {
  const request = event.Records[0].cf.request;
  request.uri = prefix(request.uri);
  request.headers['x-greeting'] = [{ key: 'X-Greeting', value: shout(String(EDGE_CONFIG.GREETING)) }];
  return request;
};
`,
  'src/prefix.ts': `export const prefix = (uri: string) => '/v2' + uri;
export const unused = () => 'this export is tree-shaken away';
`,
};

let project: TempProject | undefined;
afterEach(() => {
  project?.cleanup();
  project = undefined;
  vi.unstubAllGlobals();
});

function rewriteProject(): TempProject {
  const created = createTempProject({
    rewrite: { eventType: 'viewer-request', files: rewriteHandler },
  });
  writeDependency(created, 'shout-lib', {
    'index.js': 'module.exports.shout = (s) => s.toUpperCase() + "!";',
  });
  return created;
}

const stages = { stages: { prod: { define: { GREETING: 'hello' } } } };

async function buildAll(p: TempProject, options: { stage?: string; config?: object } = {}) {
  const builder = await createFunctionBuilder({
    project: p.project(options.config ?? stages),
    stage: options.stage,
  });
  try {
    return await builder.build();
  } finally {
    await builder.dispose();
  }
}

async function buildError(p: TempProject, config: object = stages): Promise<EdgeUserError> {
  const error = await buildAll(p, { config }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EdgeUserError);
  return error as EdgeUserError;
}

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

  it('produces the same zip bytes from the same sources', async () => {
    project = rewriteProject();
    const hash = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
    const [first] = await buildAll(project);
    const firstHash = hash(first!.zipPath!);
    rmSync(join(project.root, 'dist'), { recursive: true });
    const [second] = await buildAll(project);
    expect(hash(second!.zipPath!)).toBe(firstHash);
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
      (e: unknown) => e as EdgeUserError,
    );
    expect(error?.message).toBe('Stage "qa" is not defined in edge.config.ts.');
    expect(error?.hint).toContain('Use one of: prod');
  });

  it('fails on a build-time key the stage does not define, at the line that reads it', async () => {
    project = rewriteProject();
    const error = await buildError(project, { stages: { prod: { define: { OTHER: 1 } } } });
    expect(error.message).toContain(
      'packages/rewrite/src/index.ts:6:77: reads EDGE_CONFIG.GREETING, which stage "prod" does not define',
    );
  });

  it('fails on process.env reads with file:line and how to use build-time config', async () => {
    project = createTempProject({
      env: {
        eventType: 'origin-request',
        files: {
          'src/index.ts': `// process.env.IN_A_COMMENT is not code
export const handler = async (event: any) => {
  const region = process.env.AWS_REGION;
  const fn = process.env.AWS_LAMBDA_FUNCTION_NAME;
  const url = process.env.API_URL;
  return { status: '200', body: [region, fn, url].join() };
};
`,
        },
      },
    });
    const error = await buildError(project);
    expect(error.message).toContain('packages/env/src/index.ts:5:15: reads process.env.API_URL');
    // Only API_URL: not the reserved variables, not the comment.
    expect(error.message.match(/reads process\.env.*/g)).toEqual(['reads process.env.API_URL']);
    expect(error.hint).toContain('stages.prod.define.API_URL');
    expect(error.hint).toContain('EDGE_CONFIG.API_URL');
  });

  it('accepts Lambda reserved variables and mentions in strings without a false alarm', async () => {
    project = createTempProject({
      env: {
        eventType: 'origin-request',
        files: {
          'src/index.ts': `const advice = 'never read process.env.SECRET here';
export const handler = async () => ({
  status: '200',
  statusDescription: advice + " or process.env.OTHER",
  body: [process.env.AWS_REGION, process.env.AWS_LAMBDA_FUNCTION_NAME, process.env._X_AMZN_TRACE_ID, process.env.NODE_ENV].join(),
});
`,
        },
      },
    });
    const [built] = await buildAll(project);
    expect(built!.warnings).toEqual([]);
    // NODE_ENV is a build-time constant, as every bundler makes it.
    expect(readFileSync(built!.entry, 'utf8')).toContain('production');
  });

  it('warns, without failing, about process.env reads inside dependencies', async () => {
    project = createTempProject({
      dep: {
        eventType: 'origin-request',
        files: {
          'src/index.ts': `import { endpoint } from 'sdk-like';
export const handler = async () => ({ status: '200', body: endpoint() });
`,
        },
      },
    });
    writeDependency(project, 'sdk-like', {
      'index.js': 'exports.endpoint = () => process.env.SDK_ENDPOINT || "https://default";',
    });
    const [built] = await buildAll(project);
    expect(built!.warnings).toEqual([
      'sdk-like reads process.env (SDK_ENDPOINT); Lambda@Edge sets none of these, so it gets its defaults.',
    ]);
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

  it('refuses native addons with the reason and an alternative', async () => {
    project = createTempProject({
      native: {
        eventType: 'origin-request',
        files: {
          'src/index.ts':
            "import { hash } from 'fast-hash';\nexport const handler = async () => hash();\n",
        },
      },
    });
    writeDependency(project, 'fast-hash', {
      'index.js': "module.exports = require('node-gyp-build')(__dirname);",
    });
    writeDependency(project, 'node-gyp-build', { 'index.js': 'module.exports = () => ({});' });
    const error = await buildError(project);
    expect(error.message).toContain(
      'Package "fast-hash" loads a native addon through "node-gyp-build"',
    );
    expect(error.message).toContain('node_modules/fast-hash/index.js:1:');

    project.write(
      'packages/native/src/index.ts',
      "import addon from './build/Release/hash.node';\nexport const handler = async () => addon;\n",
    );
    const direct = await buildError(project);
    expect(direct.message).toContain(
      '"./build/Release/hash.node" is a native addon (compiled .node file), which cannot be bundled for Lambda@Edge.',
    );
    expect(direct.message).toContain('packages/native/src/index.ts:1:');
  });

  it('explains aws-sdk v2: an error when absent, a warning when bundled', async () => {
    const files = {
      'src/index.ts':
        "import AWS from 'aws-sdk';\nexport const handler = async () => String(AWS);\n",
    };
    project = createTempProject({ legacy: { eventType: 'origin-request', files } });
    const absent = await buildError(project);
    expect(absent.message).toContain(
      '"aws-sdk" (AWS SDK v2) is not installed, and the nodejs22.x runtime does not provide it.',
    );
    expect(absent.message).toContain('Use AWS SDK v3');

    writeDependency(project, 'aws-sdk', { 'index.js': 'module.exports = { v: 2 };' });
    const [built] = await buildAll(project);
    expect(built!.warnings.join('\n')).toContain('"aws-sdk" is AWS SDK v2: it is bundled in full');
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
    } finally {
      await builder.dispose();
    }
  });
});
