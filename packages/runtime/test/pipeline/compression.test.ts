/**
 * Edge compression and the normalised Accept-Encoding (docs/cloudfront-rules.md#compression,
 * #cache-key).
 */
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { normalizeAcceptEncoding } from '../../src/pipeline/compression.ts';
import { createPipeline } from '../../src/pipeline/index.ts';
import { configWith, recordingOrigin } from './helpers.ts';

const TEXT = 'compress me '.repeat(200);

function textOrigin(headers: Record<string, string> = {}, body: string | Uint8Array = TEXT) {
  return recordingOrigin(() => ({
    status: 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
      etag: '"abc"',
      ...headers,
    },
    body,
  }));
}

describe('normalising Accept-Encoding', () => {
  const both = { gzip: true, brotli: true };
  it('keeps gzip and br only, Brotli first, and drops the header over HTTP/1.0', () => {
    expect(normalizeAcceptEncoding('gzip, deflate, br', both, '1.1')).toBe('br,gzip');
    expect(normalizeAcceptEncoding('deflate, gzip;q=0.5', both, '1.1')).toBe('gzip');
    expect(normalizeAcceptEncoding('br;q=0, gzip', both, '1.1')).toBe('gzip');
    expect(normalizeAcceptEncoding('identity', both, '1.1')).toBeUndefined();
    expect(normalizeAcceptEncoding('gzip', both, '1.0')).toBeUndefined();
    expect(normalizeAcceptEncoding('gzip, br', { gzip: true, brotli: false }, '1.1')).toBe('gzip');
  });
});

describe('compression when the behavior compresses', () => {
  it('compresses with Brotli or gzip as the viewer accepts, weakens the ETag, and keys on the encoding', async () => {
    const origin = textOrigin();
    const pipeline = createPipeline({
      config: configWith(origin.config, {}, {}, { cachePolicy: 'CachingOptimized' }),
      functions: {},
    });
    const br = await pipeline.request('/p', { headers: { 'Accept-Encoding': 'gzip, br' } });
    expect([br.header('content-encoding'), br.header('etag')]).toEqual(['br', 'W/"abc"']);
    expect(brotliDecompressSync(br.body).toString()).toBe(TEXT);
    const gz = await pipeline.request('/p', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(gz.header('content-encoding')).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(TEXT);
    // A viewer that accepts neither never gets a compressed copy from the cache.
    const plain = await pipeline.request('/p');
    expect([plain.header('content-encoding'), plain.text()]).toEqual([undefined, TEXT]);
    expect(origin.calls.map((call) => call.headers['accept-encoding'])).toEqual([
      'br,gzip',
      'gzip',
      undefined,
    ]);
    expect(
      (await pipeline.request('/p', { headers: { 'Accept-Encoding': 'br, gzip' } })).header(
        'x-cache',
      ),
    ).toBe('Hit from cloudfront');
  });

  it('does not compress a small body, an unlisted type, an encoded body, or with compress: false', async () => {
    const cases = [
      { origin: textOrigin({}, 'short'), behavior: {} },
      { origin: textOrigin({ 'content-type': 'image/png' }), behavior: {} },
      { origin: textOrigin({ 'content-encoding': 'gzip' }, gzipSync(TEXT)), behavior: {} },
      { origin: textOrigin(), behavior: { compress: false } },
    ];
    for (const { origin, behavior } of cases) {
      const pipeline = createPipeline({
        config: configWith(origin.config, {}, {}, { cachePolicy: 'CachingOptimized', ...behavior }),
        functions: {},
      });
      const response = await pipeline.request('/p', { headers: { 'Accept-Encoding': 'br' } });
      expect(response.header('content-encoding')).not.toBe('br');
    }
  });

  it('compresses with gzip only under legacy cache settings', async () => {
    const pipeline = createPipeline({ config: configWith(textOrigin().config), functions: {} });
    const response = await pipeline.request('/p', { headers: { 'Accept-Encoding': 'br, gzip' } });
    expect(response.header('content-encoding')).toBe('gzip');
  });

  it('does not compress with a cache policy that does not enable it', async () => {
    const pipeline = createPipeline({
      config: configWith(
        textOrigin().config,
        {},
        {},
        { cachePolicy: 'CachingOptimizedForUncompressedObjects' },
      ),
      functions: {},
    });
    const response = await pipeline.request('/p', { headers: { 'Accept-Encoding': 'br, gzip' } });
    expect(response.header('content-encoding')).toBeUndefined();
  });

  it('cuts a range from the uncompressed object: a 206 is never compressed', async () => {
    const pipeline = createPipeline({
      config: configWith(
        textOrigin({ 'accept-ranges': 'bytes' }).config,
        {},
        {},
        { cachePolicy: 'CachingOptimized' },
      ),
      functions: {},
    });
    await pipeline.request('/p');
    const part = await pipeline.request('/p', {
      headers: { 'Accept-Encoding': 'gzip, br', Range: 'bytes=0-7' },
    });
    expect([part.status, part.header('content-encoding'), part.text()]).toEqual([
      206,
      undefined,
      'compress',
    ]);
  });
});
