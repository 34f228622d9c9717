/**
 * The JSON text an isolated container receives for an invocation: `{ id, timeoutMs,
 * requestId, event }`, as Lambda hands the runtime the event as JSON.
 *
 * When the event has the shape CloudFront gives it (one record holding only `cf`), the text is
 * put together from the encoded parts of `cf`, and says where two of them sit in it:
 * - `returned`: what the function may hand back unchanged (the request, or the response in
 *   response events). The container compares the handler's encoded result with this text; when
 *   they are equal it answers "unchanged" instead of sending the same text back. The pipeline
 *   (`unchangedAsSent`) then takes the part it sent, with no decoding and no validation:
 *   CloudFront does not reject what it built itself. Pass-through triggers are common, and in
 *   `edge dev`'s benchmark (four of them) this cut the main thread's time per miss by a fifth
 *   (bench/README.md). Other callers decode the part they sent and validate it as before.
 * - `request`, in response events: the read-only request as sent, which the container needs to
 *   notice a change to it, so it does not encode the request a second time before the call.
 * JSON.stringify of a decoded JSON.stringify text gives that text back (key order, numbers and
 * escapes included), so equal text means an equal result.
 */
import type { InvocationRequest } from './container.ts';
import { RuntimeSetupError } from './errors.ts';

export interface EncodedInvocation {
  text: string;
  /** The part a handler may return unchanged, when the text says where it is. */
  returned?: { value: unknown; text: string };
}

type Span = [start: number, end: number];

export function encodeInvocation(id: number, request: InvocationRequest): EncodedInvocation {
  try {
    const head = `{"id":${id},"timeoutMs":${JSON.stringify(request.timeoutMs)},"requestId":${JSON.stringify(request.requestId)},"event":`;
    const cf = cloudFrontRecord(request.event);
    if (!cf) return { text: `${head}${JSON.stringify(request.event)}}` };
    const returnedKey = cf.response === undefined ? 'request' : 'response';
    let text = `${head}{"Records":[{"cf":{`;
    let returned: Span | undefined;
    let requestSpan: Span | undefined;
    let first = true;
    for (const [key, value] of Object.entries(cf)) {
      const encoded = JSON.stringify(value);
      // What JSON.stringify leaves out of an object (undefined, functions) stays out here too.
      if (encoded === undefined) continue;
      text += `${first ? '' : ','}${JSON.stringify(key)}:`;
      first = false;
      const span: Span = [text.length, text.length + encoded.length];
      if (key === returnedKey) returned = span;
      if (key === 'request' && returnedKey === 'response') requestSpan = span;
      text += encoded;
    }
    text += '}}]}';
    if (returned) text += `,"returned":[${returned[0]},${returned[1]}]`;
    if (requestSpan) text += `,"request":[${requestSpan[0]},${requestSpan[1]}]`;
    text += '}';
    if (!returned) return { text };
    return {
      text,
      returned: { value: cf[returnedKey], text: text.slice(returned[0], returned[1]) },
    };
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
