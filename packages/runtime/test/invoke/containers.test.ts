import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EdgeFunction } from '../../src/invoke/index.ts';
import { expectForwarded, expectHeader } from '../../src/testing/index.ts';
import { disposeOpened, handlerPath, loadEvent, open, viewerRequestFor } from './support.ts';

afterEach(disposeOpened);

async function count(fn: EdgeFunction): Promise<string> {
  return expectHeader(expectForwarded(await fn.invoke(viewerRequestFor('/'))), 'x-invocations');
}

describe('containers', () => {
  it('reuses a warm container: module state keeps counting', async () => {
    const fn = open(handlerPath('counter.mjs'));
    expect([await count(fn), await count(fn), await count(fn)]).toEqual(['1', '2', '3']);
  });

  it('measures the cold start on the first invocation only', async () => {
    const fn = open(handlerPath('counter.mjs'));
    const first = await fn.invoke(viewerRequestFor('/'));
    const second = await fn.invoke(viewerRequestFor('/'));
    expect(first.initDurationMs).toBeGreaterThan(0);
    expect(second.initDurationMs).toBeUndefined();
    expect(second.memoryUsedMB).toBeGreaterThan(0);
  });

  it('starts a fresh container after reload, with module state reset', async () => {
    const fn = open(handlerPath('counter.mjs'));
    await count(fn);
    await count(fn);
    await fn.reload();
    const afterReload = await fn.invoke(viewerRequestFor('/'));
    expect(afterReload.initDurationMs).toBeGreaterThan(0);
    expect(expectHeader(expectForwarded(afterReload), 'x-invocations')).toBe('1');
  });

  it('reloads a rebuilt module from a new path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edge-invoke-reload-'));
    try {
      const built = join(dir, 'index.mjs');
      copyFileSync(handlerPath('pass-through.mjs'), built);
      const fn = open(built);
      expect(expectForwarded(await fn.invoke(viewerRequestFor('/a'))).uri).toBe('/a');
      await fn.reload(handlerPath('counter.mjs'));
      expectHeader(expectForwarded(await fn.invoke(viewerRequestFor('/b'))), 'x-invocations', '1');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lets an in-flight invocation finish on the old container during a reload', async () => {
    const fn = open(handlerPath('sleep.mjs'));
    const inFlight = fn.invoke(viewerRequestFor('/slow', 'ms=150'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await fn.reload(handlerPath('counter.mjs'));
    expect(expectForwarded(await inFlight).uri).toBe('/slow');
    expectHeader(expectForwarded(await fn.invoke(viewerRequestFor('/'))), 'x-invocations', '1');
  });

  it('serves concurrent invocations from separate containers, as Lambda scales out', async () => {
    const fn = open(handlerPath('counter.mjs'));
    const outcomes = await Promise.all([1, 2, 3].map(() => fn.invoke(viewerRequestFor('/'))));
    // Each one was a cold start in its own container, so each counter says 1.
    for (const outcome of outcomes) {
      expect(outcome.initDurationMs).toBeGreaterThan(0);
      expectHeader(expectForwarded(outcome), 'x-invocations', '1');
    }
  });

  it('queues beyond maxContainers and reuses the containers it has', async () => {
    const fn = open(handlerPath('counter.mjs'), { maxContainers: 1 });
    const values = await Promise.all([1, 2, 3].map(() => count(fn)));
    expect(values.sort()).toEqual(['1', '2', '3']);
  });

  it('warms a container ahead of the first event, which then waits for it instead of starting another', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edge-invoke-warm-'));
    try {
      const initLog = join(dir, 'inits');
      writeFileSync(initLog, '');
      const fn = open(handlerPath('counts-inits.mjs'), {
        eventType: 'viewer-request',
        globals: { INIT_LOG: initLog },
      });
      const warming = fn.warm?.();
      const first = await fn.invoke(viewerRequestFor('/'));
      await warming;
      const inits = readFileSync(initLog, 'utf8').trim().split('\n');
      expect(inits).toEqual([expectHeader(expectForwarded(first), 'x-pid')]);
      // Its init is still reported, on the container's first invocation.
      expect(first.initDurationMs).toBeGreaterThan(0);
      const second = await fn.invoke(viewerRequestFor('/'));
      expect(second.initDurationMs).toBeUndefined();
      expect(expectHeader(expectForwarded(second), 'x-pid')).toBe(inits[0]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses to run after dispose', async () => {
    const fn = open(handlerPath('counter.mjs'));
    await count(fn);
    await fn.dispose();
    await expect(fn.invoke(viewerRequestFor('/'))).rejects.toThrow(/disposed/);
  });

  it("gives the handler a copy: the caller's event is not changed", async () => {
    const event = viewerRequestFor('/');
    const before = structuredClone(event);
    await open(handlerPath('typescript.ts')).invoke(event);
    expect(event).toEqual(before);
  });

  it('refuses an event JSON cannot encode, since Lambda sends events as JSON', async () => {
    const event = viewerRequestFor('/') as unknown as Record<string, unknown>;
    event.self = event;
    const fn = open(handlerPath('counter.mjs'));
    await expect(fn.invoke(event as never)).rejects.toThrow(/cannot be encoded as JSON/);
    // The container was not spent on it: the next event is its first invocation.
    expect(await count(fn)).toBe('1');
  });

  it('brings back a large body the handler replaced, and one it left as it was', async () => {
    const data = 'abc'.repeat(100_000);
    const event = loadEvent('origin-request');
    event.Records[0].cf.request.body = {
      inputTruncated: false,
      action: 'read-only',
      encoding: 'text',
      data,
    };
    const replaced = expectForwarded(
      await open(handlerPath('replaces-body.mjs'), { includeBody: true }).invoke(event),
    );
    expect(replaced.body).toEqual({
      inputTruncated: false,
      action: 'replace',
      encoding: 'text',
      data: 'cba'.repeat(100_000),
    });
    const kept = expectForwarded(
      await open(handlerPath('pass-through.mjs'), { includeBody: true }).invoke(event),
    );
    expect(kept.body).toEqual(event.Records[0].cf.request.body);
  });

  it('carries events and results too large for the shared area, and text beyond ASCII, both ways', async () => {
    const fn = open(handlerPath('pass-through.mjs'), { includeBody: true });
    // An origin-request body may be up to 1 MB; the shared area holds 64 KiB.
    const data = Buffer.alloc(300_000, 'é€😀 ').toString('base64');
    for (const size of ['large', 'small', 'large']) {
      const event = loadEvent('origin-request');
      const { request } = event.Records[0].cf;
      request.uri = '/caf%C3%A9';
      request.body = {
        inputTruncated: false,
        action: 'read-only',
        encoding: size === 'large' ? 'base64' : 'text',
        data: size === 'large' ? data : 'é€😀',
      };
      const forwarded = expectForwarded(await fn.invoke(event));
      expect(forwarded.body?.data).toBe(request.body.data);
    }
  });
});
