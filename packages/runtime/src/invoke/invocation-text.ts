/**
 * The JSON text an isolated container receives for an invocation: `{ id, timeoutMs,
 * requestId, event }`, as Lambda hands the runtime the event as JSON.
 *
 * When the event has the shape CloudFront gives it (one record holding only `cf`) and is a
 * response event, the text also says where the read-only request sits in it, which the
 * container needs to notice a change to it without encoding the request a second time.
 */
import type { InvocationRequest } from './container.ts';
import { RuntimeSetupError } from './errors.ts';

export interface EncodedInvocation {
  text: string;
}

type Span = [start: number, end: number];

export function encodeInvocation(id: number, request: InvocationRequest): EncodedInvocation {
  try {
    const head = `{"id":${id},"timeoutMs":${JSON.stringify(request.timeoutMs)},"requestId":${JSON.stringify(request.requestId)},"event":`;
    const cf = cloudFrontRecord(request.event);
    if (!cf) return { text: `${head}${JSON.stringify(request.event)}}` };
    const isResponseEvent = cf.response !== undefined;
    let text = `${head}{"Records":[{"cf":{`;
    let requestSpan: Span | undefined;
    let first = true;
    for (const [key, value] of Object.entries(cf)) {
      const encoded = JSON.stringify(value);
      // What JSON.stringify leaves out of an object (undefined, functions) stays out here too.
      if (encoded === undefined) continue;
      text += `${first ? '' : ','}${JSON.stringify(key)}:`;
      first = false;
      const span: Span = [text.length, text.length + encoded.length];
      if (key === 'request' && isResponseEvent) requestSpan = span;
      text += encoded;
    }
    text += '}}]}';
    if (requestSpan) text += `,"request":[${requestSpan[0]},${requestSpan[1]}]`;
    text += '}';
    return { text };
  } catch (error) {
    throw new RuntimeSetupError(
      `The event cannot be encoded as JSON, as Lambda sends it: ${(error as Error).message}`,
      'Pass plain data (no cycles, BigInt or functions), e.g. an event from the @edge-app/events builders.',
    );
  }
}

/** `cf` of an event shaped as CloudFront sends it, or undefined for anything else. */
function cloudFrontRecord(event: unknown): Record<string, unknown> | undefined {
  if (!isPlainRecord(event) || !hasOnlyKey(event, 'Records')) return undefined;
  const records = event.Records;
  if (!Array.isArray(records) || records.length !== 1) return undefined;
  const record: unknown = records[0];
  if (!isPlainRecord(record) || !hasOnlyKey(record, 'cf')) return undefined;
  return isPlainRecord(record.cf) ? record.cf : undefined;
}

/** A plain object without toJSON: its JSON is exactly its own keys' JSON. */
function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return (proto === Object.prototype || proto === null) && !('toJSON' in value);
}

function hasOnlyKey(value: Record<string, unknown>, key: string): boolean {
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === key;
}
