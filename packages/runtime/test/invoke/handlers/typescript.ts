// A TypeScript handler with a local import and typed events: bundled with esbuild to run.
import type { ViewerRequest, ViewerRequestEvent } from '@edge-app/events';
import { greeting } from './typescript-helper.ts';

export async function handler(event: ViewerRequestEvent): Promise<ViewerRequest> {
  const request = event.Records[0].cf.request;
  request.headers['x-greeting'] = [{ key: 'X-Greeting', value: greeting(request.uri) }];
  return request;
}
