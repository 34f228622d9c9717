/**
 * A `{ dir }` origin that answers like an S3 REST endpoint: GET and HEAD of files, 404
 * NoSuchKey for a missing key, 403 AccessDenied for anything that is not a readable object
 * (S3 answers 403 for a missing key when the caller may not list the bucket, which is how
 * CloudFront usually reaches a private bucket). `/` serves `index.html`, as a distribution with
 * DefaultRootObject `index.html` would.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import type { DirectoryOrigin } from '../../config.ts';
import { toHeaderMap } from '../headers.ts';
import type { OriginClient, OriginFetchRequest, OriginResult } from './types.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.htm': 'text/html',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.json': 'application/json',
  '.map': 'application/json',
  '.txt': 'text/plain',
  '.xml': 'application/xml',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.pdf': 'application/pdf',
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json',
};

export function createDirectoryOrigin(config: DirectoryOrigin, root: string): OriginClient {
  const base = resolve(root, config.dir);
  return { fetch: (request) => serveFile(base, request) };
}

async function serveFile(base: string, request: OriginFetchRequest): Promise<OriginResult> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return s3Error(
      405,
      'MethodNotAllowed',
      'The specified method is not allowed against this resource.',
    );
  }
  let key: string;
  try {
    key = decodeURIComponent(request.uri === '/' ? '/index.html' : request.uri).slice(1);
  } catch {
    return s3Error(400, 'InvalidURI', "Couldn't parse the specified URI.");
  }
  const path = resolve(base, key);
  if (!path.startsWith(base + sep) || key.endsWith('/') || key === '') {
    return s3Error(403, 'AccessDenied', 'Access Denied');
  }
  let size: number;
  let modified: Date;
  try {
    const info = await stat(path);
    if (!info.isFile()) return s3Error(403, 'AccessDenied', 'Access Denied');
    size = info.size;
    modified = info.mtime;
  } catch {
    return s3Error(404, 'NoSuchKey', 'The specified key does not exist.', key);
  }
  const content = await readFile(path);
  const etag = `"${createHash('md5').update(content).digest('hex')}"`;
  const type = CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
  return {
    ok: true,
    response: {
      status: 200,
      statusDescription: 'OK',
      headers: toHeaderMap([
        ['Content-Type', type],
        ['Content-Length', String(size)],
        ['Last-Modified', modified.toUTCString()],
        ['ETag', etag],
        ['Accept-Ranges', 'bytes'],
        ['Server', 'AmazonS3'],
      ]),
      body: request.method === 'HEAD' ? new Uint8Array() : content,
    },
  };
}

function s3Error(status: number, code: string, message: string, key?: string): OriginResult {
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${code}</Code><Message>${message}</Message>${key ? `<Key>${escapeXml(key)}</Key>` : ''}</Error>`;
  const body = Buffer.from(xml);
  return {
    ok: true,
    response: {
      status,
      statusDescription: code,
      headers: toHeaderMap([
        ['Content-Type', 'application/xml'],
        ['Content-Length', String(body.byteLength)],
        ['Server', 'AmazonS3'],
      ]),
      body,
    },
  };
}

function escapeXml(value: string): string {
  return value.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
