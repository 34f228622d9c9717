/** Function sources, a two-function temp project and helpers shared by the edge dev tests. */
import { vi } from 'vitest';
import { type DevOptions, startDev } from '../../src/dev/index.ts';
import { createTempProject, type TempProject } from '../build/fixture.ts';

export const tagHandler = (tag: string) => `export const handler = async (event: any) => {
  const request = event.Records[0].cf.request;
  request.headers['x-tag'] = [{ key: 'X-Tag', value: '${tag}' }];
  return request;
};
`;
export const echoHeaders = `export const handler = async (event: any) => {
  const { request, response } = event.Records[0].cf;
  response.headers['x-seen-tag'] = [{ key: 'X-Seen-Tag', value: request.headers['x-tag']?.[0]?.value ?? 'none' }];
  return response;
};
`;

export function tempProject(tag = 'one'): TempProject {
  const created = createTempProject({
    tagger: { eventType: 'viewer-request', files: { 'src/index.ts': tagHandler(tag) } },
    seen: { eventType: 'viewer-response', files: { 'src/index.ts': echoHeaders } },
  });
  created.write('public/index.html', '<h1>hello from public</h1>');
  return created;
}

export const associated = {
  defaultBehavior: {
    origin: 'default',
    functions: { 'viewer-request': 'tagger', 'viewer-response': 'seen' } as const,
  },
};

/** The error `startDev` rejects with; fails the test if the session started instead. */
export async function startupError(options: DevOptions): Promise<unknown> {
  const session = await startDev({ port: 0, watch: false, log: () => {}, ...options }).catch(
    (error: unknown) => ({ error }),
  );
  if ('error' in session) return session.error;
  await session.close();
  throw new Error('startDev was expected to fail, but the session started');
}

/** Collects what `main` prints (console.log and console.error lines) until the mocks are restored. */
export function captureConsole(): string[] {
  const lines: string[] = [];
  const collect = (line: unknown) => void lines.push(String(line));
  vi.spyOn(console, 'log').mockImplementation(collect);
  vi.spyOn(console, 'error').mockImplementation(collect);
  return lines;
}
