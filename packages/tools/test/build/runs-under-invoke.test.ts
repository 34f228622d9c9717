import { readFileSync } from 'node:fs';
import { invoke } from '@edge-app/runtime';
import { afterEach, describe, expect, it } from 'vitest';
import { createFunctionBuilder } from '../../src/build/index.ts';
import { createTempProject, type TempProject, writeDependency } from './fixture.ts';

const originRequestFixture = JSON.parse(
  readFileSync(
    new URL('../../../events/test/fixtures/devguide/origin-request.json', import.meta.url),
    'utf8',
  ),
);

let project: TempProject | undefined;
afterEach(() => {
  project?.cleanup();
  project = undefined;
});

describe('built bundles under the runtime', () => {
  it('run under invoke() as CloudFront would run them', async () => {
    project = createTempProject({
      country: {
        eventType: 'origin-request',
        files: {
          'src/index.ts': `import { pick } from 'country-table';
export const handler = async (event: any) => {
  const request = event.Records[0].cf.request;
  const country = request.headers['cloudfront-viewer-country']?.[0]?.value ?? 'US';
  if (country === 'DE') {
    return { status: '302', headers: { location: [{ key: 'Location', value: EDGE_CONFIG.SITE + pick(country) }] } };
  }
  return request;
};
`,
        },
      },
    });
    writeDependency(
      project,
      'country-table',
      {
        'index.mjs': 'export const pick = (c) => ({ DE: "/de/" })[c] ?? "/";',
      },
      { main: 'index.mjs', type: 'module' },
    );
    const builder = await createFunctionBuilder({
      project: project.project({ stages: { prod: { define: { SITE: 'https://example.com' } } } }),
    });
    const [built] = await builder.build();
    await builder.dispose();

    const forwarded = await invoke(built!.entry, structuredClone(originRequestFixture));
    expect(forwarded.kind).toBe('request');

    const german = structuredClone(originRequestFixture);
    german.Records[0].cf.request.headers['cloudfront-viewer-country'] = [
      { key: 'CloudFront-Viewer-Country', value: 'DE' },
    ];
    const redirected = await invoke(built!.entry, german);
    expect(redirected).toMatchObject({
      kind: 'response',
      generated: true,
      response: { status: '302', headers: { location: [{ value: 'https://example.com/de/' }] } },
    });
  });

  it('run a packaged Python function with its vendored module', async () => {
    project = createTempProject({
      pyfn: {
        eventType: 'origin-request',
        language: 'python',
        files: {
          'src/index.py': `from slugs import with_index

def handler(event, context):
    request = event["Records"][0]["cf"]["request"]
    request["uri"] = with_index(request["uri"])
    return request
`,
          'vendor/slugs/__init__.py':
            'def with_index(uri):\n    return uri + "index.html" if uri.endswith("/") else uri\n',
        },
      },
    });
    const builder = await createFunctionBuilder({ project: project.project() });
    const [built] = await builder.build();
    await builder.dispose();
    const outcome = await invoke(built!.entry, structuredClone(originRequestFixture));
    expect(outcome).toMatchObject({ kind: 'request', request: { uri: '/index.html' } });
  });
});
