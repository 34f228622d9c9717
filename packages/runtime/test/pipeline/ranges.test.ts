/**
 * Range requests (docs/cloudfront-rules.md#range-requests): a 206 never stands in for the whole
 * object, and a cached whole object answers ranges itself.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPipeline } from '../../src/pipeline/index.ts';
import { parseRange } from '../../src/pipeline/ranges.ts';
import { configWith, recordingOrigin } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'edge-ranges-'));
const CONTENT = 'abcdefghijklmnopqrstuvwxyz0123456789';
writeFileSync(join(dir, 'file.txt'), CONTENT);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a range request does not poison the cache', () => {
  it('a 206 for Range: bytes=0-9 is not served to a later plain GET', async () => {
    const pipeline = createPipeline({ config: configWith({ dir }), functions: {} });
    const partial = await pipeline.request('/file.txt', { headers: { Range: 'bytes=0-9' } });
    expect([partial.status, partial.text(), partial.header('content-range')]).toEqual([
      206,
      'abcdefghij',
      'bytes 0-9/36',
    ]);
    const whole = await pipeline.request('/file.txt');
    expect([whole.status, whole.text(), whole.header('x-cache')]).toEqual([
      200,
      CONTENT,
      'Miss from cloudfront',
    ]);
    // The same range again is a Hit, from the whole object now cached.
    const again = await pipeline.request('/file.txt', { headers: { Range: 'bytes=0-9' } });
    expect([again.status, again.text(), again.header('x-cache')]).toEqual([
      206,
      'abcdefghij',
      'Hit from cloudfront',
    ]);
  });

  it('answers ranges from a cached whole object: single, suffix, several, invalid, past the end', async () => {
    const pipeline = createPipeline({ config: configWith({ dir }), functions: {} });
    await pipeline.request('/file.txt');
    const range = (value: string) => pipeline.request('/file.txt', { headers: { Range: value } });
    const suffix = await range('bytes=-6');
    expect([suffix.status, suffix.text(), suffix.header('x-cache')]).toEqual([
      206,
      '456789',
      'Hit from cloudfront',
    ]);
    const several = await range('bytes=0-1,10-11');
    expect(several.status).toBe(206);
    expect(several.header('content-type')).toMatch(/^multipart\/byteranges; boundary=/);
    expect(several.text()).toContain('Content-Range: bytes 0-1/36\r\n\r\nab\r\n');
    expect(several.text()).toContain('Content-Range: bytes 10-11/36\r\n\r\nkl\r\n');
    // Overlapping or descending ranges: the whole object, 200.
    expect((await range('bytes=5-10,8-12')).status).toBe(200);
    expect((await range('bytes=10-11,0-1')).status).toBe(200);
    const past = await range('bytes=100-200');
    expect([past.status, past.header('content-range')]).toEqual([416, 'bytes */36']);
  });

  it('serves the whole object when If-Range names another version', async () => {
    const pipeline = createPipeline({ config: configWith({ dir }), functions: {} });
    const first = await pipeline.request('/file.txt');
    const stale = await pipeline.request('/file.txt', {
      headers: { Range: 'bytes=0-1', 'If-Range': '"other"' },
    });
    expect(stale.status).toBe(200);
    const current = await pipeline.request('/file.txt', {
      headers: { Range: 'bytes=0-1', 'If-Range': first.header('etag')! },
    });
    expect(current.status).toBe(206);
  });

  it('never caches a 416 from the origin', async () => {
    const origin = recordingOrigin(() => ({
      status: 416,
      headers: { 'cache-control': 'max-age=600' },
    }));
    const pipeline = createPipeline({ config: configWith(origin.config), functions: {} });
    await pipeline.request('/x', { headers: { Range: 'bytes=999-' } });
    await pipeline.request('/x', { headers: { Range: 'bytes=999-' } });
    expect(origin.calls).toHaveLength(2);
  });

  it('parses ranges as RFC 9110 writes them', () => {
    expect(parseRange('bytes=0-', 10)).toEqual({ kind: 'partial', spans: [[0, 9]] });
    expect(parseRange('bytes=2-100', 10)).toEqual({ kind: 'partial', spans: [[2, 9]] });
    expect(parseRange('items=0-1', 10)).toEqual({ kind: 'whole' });
    expect(parseRange('bytes=5-2', 10)).toEqual({ kind: 'whole' });
    expect(parseRange('bytes=10-', 10)).toEqual({ kind: 'unsatisfiable' });
  });
});
