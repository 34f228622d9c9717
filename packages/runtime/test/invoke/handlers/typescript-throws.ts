// Throws from a TypeScript helper: the reported frame should point at this file, not the bundle.
import type { ViewerRequestEvent } from '@edge-app/events';

function requireToken(event: ViewerRequestEvent): string {
  const header = event.Records[0].cf.request.headers.authorization;
  if (!header?.[0]) throw new Error('no token');
  return header[0].value;
}

export async function handler(event: ViewerRequestEvent) {
  requireToken(event);
  return event.Records[0].cf.request;
}
