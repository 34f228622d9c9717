/**
 * A pass-through function is never blamed for what it did not do: the Lambda console's and SAM's
 * sample origin-request events have no `origin`, which CloudFront always supplies. invoke()
 * completes such an event as CloudFront would fill it (docs/cloudfront-rules.md#event-envelope),
 * so a function that passes the request on, or reads its origin, is accepted; an event with a
 * part of the wrong kind is refused as a setup mistake naming the part.
 */
import { readFileSync } from 'node:fs';
import type { AnyEvent, OriginRequest } from '@edge-app/events';
import { afterEach, describe, expect, it } from 'vitest';
import { createFunction, type EdgeFunction, RuntimeSetupError } from '../../src/invoke/index.ts';
import { handlerPath } from '../invoke/support.ts';

const opened: EdgeFunction[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((fn) => fn.dispose()));
});

function sample(name: string): AnyEvent {
  return JSON.parse(readFileSync(new URL(`./fixtures/sam-cli/${name}`, import.meta.url), 'utf8'));
}

describe('origin-request test events without `origin`', () => {
  it.each([
    'simple-remote-call.json',
    'modify-querystring.json',
    'redirect-on-viewer-country.json',
  ])('a pass-through function forwards %s, with no validation error', async (name) => {
    const fn = createFunction(handlerPath('pass-through.mjs'), { eventType: 'origin-request' });
    opened.push(fn);
    const outcome = await fn.invoke(sample(name));
    expect(outcome.kind).toBe('request');
    expect(outcome.warnings).toEqual([]);
  });
});

describe('incomplete test events, completed as CloudFront fills them', () => {
  it('gives a function that reads the origin the one CloudFront supplies', async () => {
    const fn = createFunction(handlerPath('reads-origin.mjs'), { eventType: 'origin-request' });
    opened.push(fn);
    const outcome = await fn.invoke(sample('simple-remote-call.json'));
    expect(outcome.kind, JSON.stringify(outcome)).toBe('request');
    if (outcome.kind !== 'request') return;
    expect(outcome.request.headers['x-origin-domain']?.[0]?.value).toBeTruthy();
    expect((outcome.request as OriginRequest).origin).toBeDefined();
  });

  it('refuses an event whose parts have the wrong kind, naming the part', async () => {
    const fn = createFunction(handlerPath('pass-through.mjs'), { eventType: 'origin-request' });
    opened.push(fn);
    const event = sample('simple-remote-call.json') as unknown as {
      Records: [{ cf: { request: { uri: unknown } } }];
    };
    event.Records[0].cf.request.uri = 42;
    const error = await fn.invoke(event as unknown as AnyEvent).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RuntimeSetupError);
    expect((error as Error).message).toContain('Records[0].cf.request.uri');
  });
});
