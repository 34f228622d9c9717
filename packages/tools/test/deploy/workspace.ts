/**
 * A small workspace on disk for the tests that run the real `edge` commands: one viewer-request
 * function `auth` on the default behavior and an `/api/*` behavior, built by the real builder.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const AUTH_SOURCE = `export const handler = async (event: { Records: Array<{ cf: { request: unknown } }> }) =>
  event.Records[0]!.cf.request;
`;

export function writeWorkspace(
  root: string,
  distributionId: string | undefined,
  authSource = AUTH_SOURCE,
): void {
  writeFileSync(
    join(root, 'package.json'),
    JSON.stringify({ name: 'shop', private: true, type: 'module' }),
  );
  writeFileSync(
    join(root, 'edge.config.ts'),
    `export default {
  origins: { default: { dir: 'public' } },
  defaultBehavior: { functions: { 'viewer-request': 'auth' } },
  behaviors: [{ pathPattern: '/api/*', functions: {} }],
  stages: { prod: { ${distributionId ? `distributionId: '${distributionId}'` : ''} } },
};
`,
  );
  writeAuth(root, authSource);
}

export function writeAuth(root: string, source: string): void {
  const fn = join(root, 'packages', 'auth');
  mkdirSync(join(fn, 'src'), { recursive: true });
  writeFileSync(
    join(fn, 'package.json'),
    JSON.stringify({
      name: 'auth',
      private: true,
      type: 'module',
      edge: { eventType: 'viewer-request' },
    }),
  );
  writeFileSync(join(fn, 'src', 'index.ts'), source);
}
