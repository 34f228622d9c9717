/**
 * `edge dev`'s inspector: a real temp project served by `startDev`, its requests read back from
 * `/__edge/api/*`, the banner on CloudFront's error pages and `exactErrors`, replay and purge.
 */

import type { InspectedRequest, InspectedTrigger } from '@edge-app/runtime';
import { afterEach, describe, expect, it } from 'vitest';
import { type DevSession, startDev } from '../../src/dev/index.ts';
import { createTempProject, type TempProject } from '../build/fixture.ts';
import { echoHeaders } from './fixture.ts';

/** Adds Via, read-only in viewer-request, when asked for /bad. */
const GATE = `export const handler = async (event: any) => {
  const request = event.Records[0].cf.request;
  console.log('gate saw', request.uri);
  if (request.uri === '/bad') request.headers.via = [{ key: 'Via', value: 'mine' }];
  return request;
};
`;

let project: TempProject | undefined;
let session: DevSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
  project?.cleanup();
  project = undefined;
});

async function serve(options: { exactErrors?: boolean } = {}) {
  project = createTempProject({
    gate: { eventType: 'viewer-request', files: { 'src/index.ts': GATE } },
    seen: { eventType: 'viewer-response', files: { 'src/index.ts': echoHeaders } },
  });
  project.write('public/index.html', 'hello');
  session = await startDev({
    project: project.project({
      defaultBehavior: {
        origin: 'default',
        functions: { 'viewer-request': 'gate', 'viewer-response': 'seen' },
      },
    }),
    port: 0,
    watch: false,
    log: () => {},
    ...options,
  });
  return session;
}

type Listed = {
  requests: Array<{
    id: string;
    path: string;
    status: number;
    rule?: string;
    triggers: Array<{ name: string }>;
  }>;
};

describe('the inspector under edge dev', () => {
  it('lists each request with its triggers, and shows one with its events and console output', async () => {
    const dev = await serve();
    expect(dev.inspectorUrl).toBe(`${dev.url}/__edge/`);
    expect((await fetch(`${dev.url}/index.html`)).status).toBe(200);
    const page = await fetch(dev.inspectorUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>edge dev · requests</title>');
    const { requests } = (await (await fetch(`${dev.url}/__edge/api/requests`)).json()) as Listed;
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ path: '/index.html', status: 200 });
    expect(requests[0]?.triggers.map((t) => t.name)).toEqual(['viewer-request', 'viewer-response']);
    const full = (await (
      await fetch(`${dev.url}/__edge/api/requests/${requests[0]?.id}`)
    ).json()) as InspectedRequest;
    const viewerRequest = full.steps[0] as InspectedTrigger;
    expect(viewerRequest.logs).toEqual([
      expect.objectContaining({ level: 'log', message: 'gate saw /index.html' }),
    ]);
    expect(viewerRequest.coldStart).toBe(true);
    expect(viewerRequest.memoryUsedMB).toBeGreaterThan(0);
    expect(viewerRequest.event?.Records[0].cf.request.uri).toBe('/index.html');
  });

  it("keeps CloudFront's error page and adds the banner linking to the request", async () => {
    const dev = await serve();
    const response = await fetch(`${dev.url}/bad`);
    expect(response.status).toBe(502);
    expect(response.headers.get('x-cache')).toBe('LambdaValidationError from cloudfront');
    const body = await response.text();
    expect(body).toContain('<TITLE>ERROR: The request could not be satisfied</TITLE>');
    const { requests } = (await (await fetch(`${dev.url}/__edge/api/requests`)).json()) as Listed;
    expect(requests[0]?.rule).toBe('read-only-header');
    expect(body).toContain(
      `<A href="/__edge/#/requests/${encodeURIComponent(requests[0]?.id ?? '')}">See this request in the inspector</A>`,
    );
  });

  it('exactErrors (--exact-errors) sends the page without the banner', async () => {
    const dev = await serve({ exactErrors: true });
    const response = await fetch(`${dev.url}/bad`);
    expect(response.status).toBe(502);
    const body = await response.text();
    expect(body).toContain('<H1>502 ERROR</H1>');
    expect(body).not.toContain('edge-dev-banner');
    expect(body).not.toContain('inspector');
  });

  it('replays a request through the current functions, and a purge reaches the live stream', async () => {
    const dev = await serve();
    await fetch(`${dev.url}/index.html`);
    const { requests } = (await (await fetch(`${dev.url}/__edge/api/requests`)).json()) as Listed;
    const events: string[] = [];
    dev.requests.subscribe((event) => events.push(event.kind));
    const replay = await fetch(`${dev.url}/__edge/api/requests/${requests[0]?.id}/replay`, {
      method: 'POST',
      headers: { Origin: dev.url },
    });
    expect(replay.status).toBe(200);
    const { id } = (await replay.json()) as { id: string };
    expect(dev.requests.get(id)?.replayOf).toBe(requests[0]?.id);
    expect(dev.requests.get(id)?.steps.map((s) => s.name)).toContain('viewer-request');
    expect(dev.purge()).toBeGreaterThanOrEqual(0);
    // Recorded, then told again as a replay; then the purge.
    expect(events).toEqual(['request', 'request', 'purge']);
  });

  it('refuses a cross-site purge', async () => {
    const dev = await serve();
    const refused = await fetch(`${dev.url}/__edge/purge`, {
      method: 'POST',
      headers: { Origin: 'https://evil.example' },
    });
    expect(refused.status).toBe(403);
  });
});
