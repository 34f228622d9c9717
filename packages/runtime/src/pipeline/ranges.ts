/**
 * Range requests answered from a whole object (docs/cloudfront-rules.md#range-requests): one range
 * gives a 206 with Content-Range, several give multipart/byteranges; ranges that are not
 * ascending, non-overlapping and valid give the whole object with 200; ranges wholly past the end
 * give 416.
 */

import { randomBytes } from 'node:crypto';
import type { Headers } from '@edge-app/events';
import { headerOf } from './headers.ts';
import type { FinalResponse } from './response.ts';

type Span = [start: number, end: number];

export type RangeDecision =
  | { kind: 'whole' }
  | { kind: 'partial'; spans: Span[] }
  | { kind: 'unsatisfiable' };

export function parseRange(header: string, size: number): RangeDecision {
  const match = /^\s*bytes\s*=\s*(.+)$/i.exec(header);
  if (!match?.[1]) return { kind: 'whole' };
  const spans: Span[] = [];
  let satisfiable = false;
  for (const part of match[1].split(',')) {
    const range = /^\s*(\d*)\s*-\s*(\d*)\s*$/.exec(part);
    if (!range || (range[1] === '' && range[2] === '')) return { kind: 'whole' };
    let start: number;
    let end: number;
    if (range[1] === '') {
      const suffix = Number(range[2]);
      if (suffix === 0) continue;
      start = Math.max(0, size - suffix);
      end = size - 1;
    } else {
      start = Number(range[1]);
      end = range[2] === '' ? size - 1 : Math.min(Number(range[2]), size - 1);
      if (range[2] !== '' && Number(range[2]) < start) return { kind: 'whole' };
    }
    if (start >= size) continue;
    satisfiable = true;
    const previous = spans[spans.length - 1];
    // Ascending and non-overlapping, or CloudFront sends the whole object.
    if (previous && start <= previous[1]) return { kind: 'whole' };
    spans.push([start, end]);
  }
  if (!satisfiable) return { kind: 'unsatisfiable' };
  return { kind: 'partial', spans };
}

/** Whether an `If-Range` lets the range apply: it must name the object's ETag or Last-Modified. */
export function ifRangeHolds(ifRange: string | undefined, headers: Headers): boolean {
  if (ifRange === undefined) return true;
  const etag = headerOf(headers, 'etag');
  if (ifRange.startsWith('"') || ifRange.startsWith('W/'))
    return etag !== undefined && etag === ifRange && !etag.startsWith('W/');
  return headerOf(headers, 'last-modified') === ifRange;
}

/** The part(s) of a whole 200 object a Range header asks for. */
export function rangeOf(whole: FinalResponse, rangeHeader: string): FinalResponse {
  const size = whole.body.byteLength;
  const decision = parseRange(rangeHeader, size);
  if (decision.kind === 'whole') return whole;
  const headers: Headers = { ...whole.headers };
  delete headers['content-length'];
  if (decision.kind === 'unsatisfiable') {
    delete headers['content-type'];
    headers['content-range'] = [{ key: 'Content-Range', value: `bytes */${size}` }];
    return {
      status: 416,
      statusDescription: 'Requested Range Not Satisfiable',
      headers,
      body: new Uint8Array(),
    };
  }
  const [only, ...more] = decision.spans;
  if (only && more.length === 0) {
    const [start, end] = only;
    headers['content-range'] = [{ key: 'Content-Range', value: `bytes ${start}-${end}/${size}` }];
    return {
      status: 206,
      statusDescription: 'Partial Content',
      headers,
      body: whole.body.subarray(start, end + 1),
    };
  }
  const boundary = randomBytes(12).toString('hex');
  const type = headerOf(whole.headers, 'content-type');
  const parts: Buffer[] = [];
  for (const [start, end] of decision.spans) {
    const head = [
      `--${boundary}`,
      ...(type ? [`Content-Type: ${type}`] : []),
      `Content-Range: bytes ${start}-${end}/${size}`,
      '',
      '',
    ];
    parts.push(
      Buffer.from(head.join('\r\n')),
      Buffer.from(whole.body.subarray(start, end + 1)),
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  headers['content-type'] = [
    { key: 'Content-Type', value: `multipart/byteranges; boundary=${boundary}` },
  ];
  return { status: 206, statusDescription: 'Partial Content', headers, body: Buffer.concat(parts) };
}
