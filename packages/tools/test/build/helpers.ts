/** Shared by the build tests: a handler that needs bundling, and build-or-fail shortcuts. */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { createFunctionBuilder } from '../../src/build/index.ts';
import { ToolsError } from '../../src/errors.ts';
import { createTempProject, type TempProject, writeDependency } from './fixture.ts';

const viewerRequestFixture = JSON.parse(
  readFileSync(
    new URL('../../../events/test/fixtures/devguide/viewer-request.json', import.meta.url),
    'utf8',
  ),
);
/** The Developer Guide's viewer-request event, asking for /picture.jpg. */
export function viewerRequestEvent() {
  const event = structuredClone(viewerRequestFixture);
  event.Records[0].cf.request.uri = '/picture.jpg';
  return event;
}

// A handler with a local module, a dependency and build-time config: everything a bundle has
// to pull together.
export const rewriteHandler = {
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

export function rewriteProject(): TempProject {
  const created = createTempProject({
    rewrite: { eventType: 'viewer-request', files: rewriteHandler },
  });
  writeDependency(created, 'shout-lib', {
    'index.js': 'module.exports.shout = (s) => s.toUpperCase() + "!";',
  });
  return created;
}

export const stages = { stages: { prod: { define: { GREETING: 'hello' } } } };

export async function buildAll(p: TempProject, options: { stage?: string; config?: object } = {}) {
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

export async function buildError(p: TempProject, config: object = stages): Promise<ToolsError> {
  const error = await buildAll(p, { config }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ToolsError);
  return error as ToolsError;
}
