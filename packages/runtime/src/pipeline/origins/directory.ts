/**
 * A `{ dir }` origin that answers like an S3 REST endpoint behind origin access control
 * (docs/cloudfront-rules.md#s3-origins): GET and HEAD of files, with ranges and conditional
 * requests as S3 answers them. A key that is missing, a directory, or a link leading outside the
 * root is a missing key: 403 AccessDenied, as a bucket CloudFront may read but not list answers,
 * or 404 NoSuchKey with `listable: true`. `/` lists the bucket only when it is listable; serving
 * an index for `/` is the distribution's default root object, not the bucket's.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, relative, resolve, sep } from 'node:path';
import type { DirectoryOrigin } from '../../config.ts';
import { notModifiedFrom, viewerHasCurrentCopy } from '../conditional.ts';
import { headerOf, toHeaderMap } from '../headers.ts';
import { ifRangeHolds, rangeOf } from '../ranges.ts';
import type { FinalResponse } from '../response.ts';
import { CONTENT_TYPES } from './content-types.ts';
import type { OriginClient, OriginFetchRequest } from './types.ts';

export function createDirectoryOrigin(
  config: DirectoryOrigin,
  root: string,
  label: string,
): OriginClient {
  const base = resolve(root, config.dir);
  const listable = config.listable === true;
  return {
    label,
    attempts: config.connectionAttempts ?? 3,
    fetch: async (request) => {
      // S3 reads no body for these; drain it so the viewer's connection stays usable.
      await request.body.discard();
      return { ok: true, response: await serve(base, listable, request) };
    },
  };
}

async function serve(
  base: string,
  listable: boolean,
  request: OriginFetchRequest,
): Promise<FinalResponse> {
  if (request.method === 'PUT' || request.method === 'DELETE') {
    // A read-only OAC principal may not write (docs/cloudfront-rules.md#s3-origins).
    return s3Error(403, 'AccessDenied', 'Access Denied');
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return s3Error(
      405,
      'MethodNotAllowed',
      'The specified method is not allowed against this resource.',
    );
  }
  let key: string;
  try {
    key = decodeURIComponent(request.uri).slice(1);
  } catch {
    return s3Error(400, 'InvalidURI', "Couldn't parse the specified URI.");
  }
  const missing = () =>
    listable
      ? s3Error(404, 'NoSuchKey', 'The specified key does not exist.', key)
      : s3Error(403, 'AccessDenied', 'Access Denied');
  if (key === '')
    return listable ? listBucket(base) : s3Error(403, 'AccessDenied', 'Access Denied');
  const path = await containedFile(base, key);
  if (!path) return missing();
  const content = await readFile(path);
  const info = await stat(path);
  const type = CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
  const object: FinalResponse = {
    status: 200,
    statusDescription: 'OK',
    headers: toHeaderMap([
      ['Content-Type', type],
      ['Content-Length', String(content.byteLength)],
      ['Last-Modified', info.mtime.toUTCString()],
      ['ETag', `"${createHash('md5').update(content).digest('hex')}"`],
      ['Accept-Ranges', 'bytes'],
      ['Server', 'AmazonS3'],
    ]),
    body: content,
  };
  if (viewerHasCurrentCopy(request.headers, object.headers)) return notModifiedFrom(object);
  const range = headerOf(request.headers, 'range');
  const answer =
    range !== undefined && ifRangeHolds(headerOf(request.headers, 'if-range'), object.headers)
      ? rangeOf(object, range)
      : object;
  return request.method === 'HEAD' ? { ...answer, body: new Uint8Array() } : answer;
}

/**
 * The file `key` names, only if it is a regular file whose real path (links followed) lies under
 * the root: S3 has no links, so nothing outside the bucket can be an object of it.
 */
async function containedFile(base: string, key: string): Promise<string | undefined> {
  if (key.endsWith('/')) return undefined;
  const candidate = resolve(base, key);
  if (!candidate.startsWith(base + sep)) return undefined;
  try {
    const [real, realBase] = await Promise.all([realpath(candidate), realpath(base)]);
    if (!real.startsWith(realBase + sep)) return undefined;
    const info = await stat(real);
    return info.isFile() ? real : undefined;
  } catch {
    return undefined;
  }
}

/** A ListObjects answer for `/` of a listable bucket: the keys under the root, up to 1,000. */
async function listBucket(base: string): Promise<FinalResponse> {
  const keys: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      if (keys.length >= 1000) return;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) keys.push(relative(base, full).split(sep).join('/'));
    }
  };
  await walk(base);
  keys.sort();
  const contents = keys.map((key) => `<Contents><Key>${escapeXml(key)}</Key></Contents>`).join('');
  return xmlResponse(
    200,
    'OK',
    `<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><KeyCount>${keys.length}</KeyCount>${contents}</ListBucketResult>`,
  );
}

function s3Error(status: number, code: string, message: string, key?: string): FinalResponse {
  return xmlResponse(
    status,
    code,
    `<Error><Code>${code}</Code><Message>${message}</Message>${key ? `<Key>${escapeXml(key)}</Key>` : ''}</Error>`,
  );
}

function xmlResponse(status: number, description: string, xml: string): FinalResponse {
  const body = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n${xml}`);
  return {
    status,
    statusDescription: description,
    headers: toHeaderMap([
      ['Content-Type', 'application/xml'],
      ['Content-Length', String(body.byteLength)],
      ['Server', 'AmazonS3'],
    ]),
    body,
  };
}

function escapeXml(value: string): string {
  return value.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
