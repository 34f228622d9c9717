/**
 * A pass-through function is never blamed for what it did not do: the Lambda console's and SAM's
 * sample origin-request events have no `origin`, which CloudFront always supplies, and a function
 * that passes such a request on is accepted, through the real invoke().
 */
import { readFileSync } from 'node:fs';
import type { AnyEvent } from '@edge-app/events';
import { afterEach, describe, expect, it } from 'vitest';
import { createFunction, type EdgeFunction } from '../../src/invoke/index.ts';
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
