/**
 * A directory origin answers as an S3 REST endpoint behind origin access control
 * (docs/cloudfront-rules.md#s3-origins), and `/` is the distribution's default root object
 * (docs/cloudfront-rules.md#default-root-object).
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EdgeConfig } from '../../src/config.ts';
import { createPipeline } from '../../src/pipeline/index.ts';

const outside = mkdtempSync(join(tmpdir(), 'edge-s3-outside-'));
writeFileSync(join(outside, 'secret.txt'), 'do not serve');
const root = mkdtempSync(join(tmpdir(), 'edge-s3-root-'));
mkdirSync(join(root, 'docs'));
writeFileSync(join(root, 'index.html'), '<h1>home</h1>');
writeFileSync(join(root, 'docs', 'index.html'), '<h1>docs</h1>');
writeFileSync(join(root, 'docs', 'a.txt'), 'a');
symlinkSync(join(outside, 'secret.txt'), join(root, 'leak.txt'));
symlinkSync(outside, join(root, 'outside-dir'));
symlinkSync(join(root, 'docs', 'a.txt'), join(root, 'inside-link.txt'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

function pipelineFor(extra: Partial<EdgeConfig> = {}, listable = false) {
  return createPipeline({
    config: {
      origins: { default: { dir: root, listable } },
      defaultBehavior: { cachePolicy: 'CachingDisabled' },
      ...extra,
    },
    functions: {},
  });
}

describe('a directory origin as S3 behind OAC', () => {
  it('answers a missing key 403 AccessDenied, or 404 NoSuchKey when the bucket is listable', async () => {
    const readOnly = await pipelineFor().request('/nope.txt');
    expect([readOnly.status, readOnly.text()]).toEqual([
      403,
      '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>',
    ]);
    const listable = await pipelineFor({}, true).request('/nope.txt');
    expect(listable.status).toBe(404);
    expect(listable.text()).toContain(
      '<Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>nope.txt</Key>',
    );
  });

  it('never serves a file outside its root through a symbolic link: it is a missing key', async () => {
    const pipeline = pipelineFor();
    for (const path of ['/leak.txt', '/outside-dir/secret.txt']) {
      const response = await pipeline.request(path);
      expect([response.status, response.text()]).not.toContain('do not serve');
      expect(response.status).toBe(403);
    }
    expect((await pipelineFor({}, true).request('/leak.txt')).status).toBe(404);
    // A link that stays inside the root is an object like any other.
    expect((await pipeline.request('/inside-link.txt')).text()).toBe('a');
  });

  it('refuses a PUT a read-only OAC principal may not do, and answers ranges and conditionals itself', async () => {
    const pipeline = createPipeline({
      config: {
        origins: { default: { dir: root } },
        defaultBehavior: {
          cachePolicy: 'CachingDisabled',
          allowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE'],
        },
      },
      functions: {},
    });
    expect((await pipeline.request('/docs/a.txt', { method: 'PUT', body: 'x' })).status).toBe(403);
    expect((await pipeline.request('/docs/a.txt', { method: 'POST', body: 'x' })).status).toBe(405);
    const whole = await pipeline.request('/index.html');
    const conditional = await pipeline.request('/index.html', {
      headers: { 'If-None-Match': whole.header('etag')! },
    });
    expect(conditional.status).toBe(304);
    const part = await pipeline.request('/index.html', { headers: { Range: 'bytes=0-3' } });
    expect([part.status, part.text()]).toEqual([206, '<h1>']);
  });
});

describe('the default root object', () => {
  it('serves `/` as the object it names, and only `/`: subdirectories are not mapped', async () => {
    const pipeline = pipelineFor({ defaultRootObject: 'index.html' });
    expect((await pipeline.request('/')).text()).toBe('<h1>home</h1>');
    expect((await pipeline.request('/?a=1')).text()).toBe('<h1>home</h1>');
    expect((await pipeline.request('/docs/')).status).toBe(403);
  });

  it('without one, sends `/` as it is: a bucket CloudFront may not list answers 403, a listable one lists', async () => {
    const root403 = await pipelineFor().request('/');
    expect(root403.status).toBe(403);
    // The terminal line says what to set, for configs written before the setting existed.
    expect(root403.trace.notes.map((note) => note.rule)).toEqual(['default-root-object']);
    const listing = await pipelineFor({}, true).request('/');
    expect(listing.status).toBe(200);
    expect(listing.text()).toContain('<Key>docs/a.txt</Key>');
  });
});
