/** Function sources and a two-function temp project shared by the edge dev tests. */
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
