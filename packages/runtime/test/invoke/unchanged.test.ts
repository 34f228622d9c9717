/**
 * A handler that returns what it was sent: the container answers "unchanged" instead of the
 * same text again (invocation-text.ts). Only a caller that says its events are its own and
 * complete (`unchangedAsSent`, the pipeline) takes the sent part as it is; everyone else gets
 * the result decoded and validated as before.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { AnyEvent } from '@edge-app/events';
import { afterEach, describe, expect, it } from 'vitest';
import { RuntimeSetupError } from '../../src/invoke/errors.ts';
import { encodeInvocation } from '../../src/invoke/invocation-text.ts';
import { expectError, expectForwarded, expectResponse } from '../../src/testing/index.ts';
import { disposeOpened, handlerPath, loadEvent, open } from './support.ts';

afterEach(disposeOpened);

const samDir = new URL('../validate/fixtures/sam-cli/', import.meta.url);
const samEvents = readdirSync(samDir)
  .filter((name) => name.endsWith('.json'))
  .map((name) => [name, JSON.parse(readFileSync(new URL(name, samDir), 'utf8'))] as const);
const devGuideEvents = (
  ['viewer-request', 'origin-request', 'origin-response', 'viewer-response'] as const
).map((eventType) => [eventType, loadEvent(eventType)] as const);

interface Decoded {
  id: number;
  timeoutMs: number;
  requestId: string;
  event: AnyEvent;
  returned?: [number, number];
  request?: [number, number];
}

function encode(event: unknown) {
  const encoded = encodeInvocation(7, { event, timeoutMs: 5000, requestId: 'req-1' });
  return { ...encoded, decoded: JSON.parse(encoded.text) as Decoded };
}

describe('the invocation text', () => {
  it.each([...devGuideEvents, ...samEvents])(
    'carries %s as JSON.stringify would, and where its returnable parts are',
    (_name, event) => {
      const { text, returned, decoded } = encode(event);
      expect(decoded).toMatchObject({ id: 7, timeoutMs: 5000, requestId: 'req-1' });
      expect(JSON.stringify(decoded.event)).toBe(JSON.stringify(event));
      const cf = (event as AnyEvent).Records[0].cf as Record<string, unknown>;
      const part = cf.response ?? cf.request;
      const [start, end] = decoded.returned ?? [0, 0];
      expect(text.slice(start, end)).toBe(JSON.stringify(part));
      expect(returned?.value).toBe(part);
      expect(returned?.text).toBe(JSON.stringify(part));
      if (cf.response !== undefined && cf.request !== undefined) {
        const [from, to] = decoded.request ?? [0, 0];
        expect(text.slice(from, to)).toBe(JSON.stringify(cf.request));
      } else {
        expect(decoded.request).toBeUndefined();
      }
    },
  );

  it('leaves out what JSON leaves out, as JSON.stringify does', () => {
    const event = loadEvent('viewer-request');
    const cf = event.Records[0].cf as unknown as Record<string, unknown>;
    cf.skipped = undefined;
    cf.alsoSkipped = () => 1;
    const { decoded } = encode(event);
    expect(Object.keys(decoded.event.Records[0].cf)).toEqual(['config', 'request']);
  });

  it.each([
    ['a second record', { Records: [{ cf: {} }, { cf: {} }] }],
    ['a field beside Records', { Records: [{ cf: { request: {} } }], extra: 1 }],
    ['a field beside cf', { Records: [{ cf: { request: {} }, extra: 1 }] }],
    ['a toJSON method', { Records: [{ cf: { request: {} } }], toJSON: () => ({ replaced: true }) }],
    ['a class instance', { Records: [{ cf: new (class Cf {})() }] }],
  ])('falls back to plain JSON for an event with %s', (_what, event) => {
    const { text, returned, decoded } = encode(event);
    expect(returned).toBeUndefined();
    expect(decoded.returned).toBeUndefined();
    expect(JSON.stringify(decoded.event)).toBe(JSON.stringify(event));
    expect(text).toContain('"id":7');
  });

  it('refuses an event JSON cannot encode', () => {
    const event = loadEvent('viewer-request') as unknown as Record<string, unknown>;
    (event.Records as Array<{ cf: Record<string, unknown> }>)[0]!.cf.loop = event;
    expect(() => encode(event)).toThrow(RuntimeSetupError);
  });
});

describe('a result returned unchanged', () => {
  it('is the object the caller sent when it asks for that, and a copy otherwise', async () => {
    const fn = open(handlerPath('pass-through.mjs'));
    const event = loadEvent('origin-request');
    const sent = event.Records[0].cf.request;
    const shared = expectForwarded(await fn.invoke(event, { unchangedAsSent: true }));
    expect(shared).toBe(sent);
    const copied = expectForwarded(await fn.invoke(event));
    expect(copied).not.toBe(sent);
    expect(copied).toEqual(sent);
  });

  it('is still validated for a caller that did not ask, so thin events are completed', async () => {
    // The SAM CLI's events leave out fields CloudFront sends; validation fills them in.
    const [, thin] = samEvents.find(([name]) => name === 'modify-querystring.json') ?? [];
    const event = structuredClone(thin) as AnyEvent;
    const request = event.Records[0].cf.request as unknown as Record<string, unknown>;
    delete request.querystring;
    const fn = open(handlerPath('pass-through.mjs'), { eventType: 'viewer-request' });
    expect(expectForwarded(await fn.invoke(event)).querystring).toBe('');
  });

  it('of a response event is the response sent, unless the read-only request changed', async () => {
    const fn = open(handlerPath('pass-through.mjs'));
    const event = loadEvent('origin-response');
    const response = expectResponse(await fn.invoke(event, { unchangedAsSent: true }));
    expect(response).toBe(event.Records[0].cf.response);
    // This one returns the response as it came but changes the request in place.
    const changer = open(handlerPath('changes-read-only-request.mjs'));
    const outcome = await changer.invoke(loadEvent('origin-response'), { unchangedAsSent: true });
    expectError(outcome, 'LambdaValidationError', 'request-read-only');
  });

  it('is decoded and validated when the handler changed anything', async () => {
    const fn = open(handlerPath('counter.mjs'));
    const event = loadEvent('viewer-request');
    const forwarded = expectForwarded(await fn.invoke(event, { unchangedAsSent: true }));
    expect(forwarded).not.toBe(event.Records[0].cf.request);
    expect(forwarded.headers['x-invocations']?.[0]?.value).toBe('1');
  });
});
