import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventType } from '@edge-app/events';
import { describe, expect, it } from 'vitest';
import { invoke, RuntimeSetupError } from '../../src/invoke/index.ts';
import {
  expectError,
  expectForwarded,
  expectHeader,
  expectResponse,
} from '../../src/testing/index.ts';
import { handlerPath, loadEvent, viewerRequestFor } from './support.ts';

const TAGGER = `import { tag } from './tag.ts';
export const handler = async (event: any) => {
  const request = event.Records[0].cf.request;
  request.headers['x-tag'] = [{ key: 'X-Tag', value: tag }];
  return request;
};
`;

describe('module formats', () => {
  it('runs an ESM handler (.mjs)', async () => {
    const request = expectForwarded(
      await invoke(handlerPath('pass-through.mjs'), viewerRequestFor('/esm')),
    );
    expect(request.uri).toBe('/esm');
  });

  it('runs a CommonJS handler (.cjs, exports.handler)', async () => {
    const request = expectForwarded(
      await invoke(handlerPath('pass-through.cjs'), viewerRequestFor('/cjs')),
    );
    expect(request.uri).toBe('/cjs');
  });

  it('runs a .js file as CommonJS when its package says "type": "commonjs"', async () => {
    const outcome = await invoke(handlerPath('commonjs-js/index.js'), viewerRequestFor('/js'));
    expectHeader(expectForwarded(outcome), 'x-module-format', 'commonjs');
  });

  it('bundles a TypeScript handler with its local imports', async () => {
    const outcome = await invoke(handlerPath('typescript.ts'), viewerRequestFor('/ts'));
    expectHeader(expectForwarded(outcome), 'x-greeting', 'hello from /ts');
  });

  it('compiles a TypeScript handler again when a file it imports changes, as the build would', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edge-invoke-ts-'));
    try {
      const entry = join(dir, 'index.ts');
      const helper = join(dir, 'tag.ts');
      writeFileSync(entry, TAGGER);
      writeFileSync(helper, "export const tag: string = 'first';\n");
      const tagOf = async () =>
        expectHeader(expectForwarded(await invoke(entry, viewerRequestFor('/'))), 'x-tag');
      expect(await tagOf()).toBe('first');
      expect(await tagOf()).toBe('first');
      writeFileSync(helper, "export const tag: string = 'second one';\n");
      expect(await tagOf()).toBe('second one');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('points an error in a TypeScript handler at the .ts source line', async () => {
    const error = expectError(
      await invoke(handlerPath('typescript-throws.ts'), viewerRequestFor('/')),
      'LambdaExecutionError',
      'unhandled-error',
    );
    expect(error.message).toContain(`at requireToken (${handlerPath('typescript-throws.ts')}:6:`);
  });

  it('reports a module without the named export as Runtime.HandlerNotFound', async () => {
    const error = expectError(
      await invoke(handlerPath('no-handler.mjs'), viewerRequestFor('/')),
      'LambdaExecutionError',
      'handler-not-found',
    );
    expect(error.status).toBe(503);
    expect(error.message).toContain('"handler"');
    expect(error.message).toContain('main');
  });

  it('calls another export when handlerName says so', async () => {
    const { createFunction } = await import('../../src/invoke/index.ts');
    const fn = createFunction(handlerPath('no-handler.mjs'), { handlerName: 'main' });
    try {
      expect(expectForwarded(await fn.invoke(viewerRequestFor('/main'))).uri).toBe('/main');
    } finally {
      await fn.dispose();
    }
  });

  it('rejects a missing file with a setup error naming the path', async () => {
    const missing = handlerPath('does-not-exist.mjs');
    const attempt = invoke(missing, viewerRequestFor('/'));
    await expect(attempt).rejects.toBeInstanceOf(RuntimeSetupError);
    await expect(attempt).rejects.toThrow(missing);
  });

  it('rejects an unsupported extension', async () => {
    await expect(
      invoke(handlerPath('commonjs-js/package.json'), viewerRequestFor('/')),
    ).rejects.toThrow(/"\.json" is not a handler file type/);
  });
});

describe('the Developer Guide example events through a pass-through handler', () => {
  const types: EventType[] = [
    'viewer-request',
    'origin-request',
    'origin-response',
    'viewer-response',
  ];

  for (const eventType of types) {
    it(`accepts ${eventType}.json and passes it through unchanged`, async () => {
      const event = loadEvent(eventType);
      const outcome = await invoke(handlerPath('pass-through.mjs'), event);
      const cf = event.Records[0].cf;
      if (eventType.endsWith('request')) {
        expect(expectForwarded(outcome)).toEqual(cf.request);
      } else {
        const sent = (cf as { response: { status: string } }).response;
        const response = expectResponse(outcome, sent.status);
        expect(response).toEqual(sent);
      }
      expect(outcome.warnings).toEqual([]);
    });
  }
});
