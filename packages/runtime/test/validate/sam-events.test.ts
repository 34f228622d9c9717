/**
 * The events `sam local generate-event cloudfront` prints (in fixtures/sam-cli/, as
 * the AWS SAM CLI publishes them, Apache-2.0, LICENSE and NOTICE alongside).
 * They are thinner than what CloudFront sends today: no eventType, sometimes no querystring,
 * clientIp or request. Handlers that pass them through must still be accepted.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { AnyEvent, EventType } from '@edge-app/events';
import { describe, expect, it } from 'vitest';
import { validate } from './helpers.ts';

const dir = new URL('./fixtures/sam-cli/', import.meta.url);
const names = readdirSync(dir).filter((name) => name.endsWith('.json'));

function load(name: string): AnyEvent & { Records: [{ cf: Record<string, unknown> }] } {
  return JSON.parse(readFileSync(new URL(name, dir), 'utf8'));
}

describe('SAM CLI sample events passed through unchanged', () => {
  it('covers all twelve samples', () => {
    expect(names).toHaveLength(12);
  });

  it.each(names)('accepts %s', (name) => {
    const event = load(name);
    const { cf } = event.Records[0];
    // As origin-request too: the samples have no `origin`, which CloudFront always supplies; a
    // function that passes the request on is not to blame for that.
    const eventTypes: EventType[] = cf.response
      ? ['origin-response', 'viewer-response']
      : ['viewer-request', 'origin-request'];
    for (const eventType of eventTypes) {
      const result = structuredClone(cf.response ?? cf.request);
      expect(validate(eventType, result, { event }).violations).toEqual([]);
    }
  });

  it('checks an origin a function adds to a sample that had none, field by field', () => {
    const event = load('simple-remote-call.json');
    const request = structuredClone(event.Records[0].cf.request) as unknown as Record<
      string,
      unknown
    >;
    request.origin = { custom: { domainName: 'example.org:8080', port: 80, protocol: 'http' } };
    const rules = validate('origin-request', request, { event }).violations.map((v) => v.rule);
    expect(rules).toContain('origin-domain-name');
  });

  it('still rejects a disallowed header a handler adds to one of them', () => {
    const event = load('modify-response-header.json');
    const response = structuredClone(event.Records[0].cf.response) as {
      headers: Record<string, unknown>;
    };
    response.headers['x-amz-cf-id'] = [{ value: 'forged' }];
    const result = validate('origin-response', response, { event });
    expect(result.violations.map((violation) => violation.rule)).toEqual(['disallowed-header']);
  });
});
