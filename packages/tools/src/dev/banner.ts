/** What `edge dev` prints once it listens: where, what runs where, and the keys. */
import type { EdgeConfig } from '@edge-app/runtime';
import { PURGE_PATH } from '@edge-app/runtime';
import type { BuiltFunction } from '../build/types.ts';

export function devBanner(options: {
  url: string;
  /** The request inspector's page. */
  inspectorUrl: string;
  /** `--exact-errors`: no banner on CloudFront's error pages. */
  exactErrors?: boolean;
  config: EdgeConfig;
  built: BuiltFunction[];
  interactive: boolean;
  startupMs: number;
}): string {
  const { config, url } = options;
  const lines = [
    `edge dev: local CloudFront at ${url}  (ready in ${Math.round(options.startupMs)} ms)`,
    `  inspector: ${options.inspectorUrl}  (every request: triggers, events, results, logs, cache)`,
    '',
  ];
  const behaviors = [...(config.behaviors ?? []), { ...config.defaultBehavior, pathPattern: '*' }];
  for (const behavior of behaviors) {
    const triggers = Object.entries(behavior.functions ?? {})
      .filter(([, association]) => association)
      .map(
        ([eventType, association]) =>
          `${eventType}: ${typeof association === 'string' ? association : association?.function}`,
      );
    lines.push(
      `  ${behavior.pathPattern.padEnd(16)} → origin "${behavior.origin ?? 'default'}"${triggers.length ? `  [${triggers.join(', ')}]` : ''}`,
    );
  }
  if (options.built.length === 0)
    lines.push('', '  No functions yet: `pnpm gen trigger` adds one.');
  else {
    const names = options.built.map((fn) => `${fn.name} (${fn.eventType})`).join(', ');
    lines.push(
      '',
      `  functions: ${names}`,
      '  watching: a save under packages/*/src reloads that function; edge.config.ts is re-applied',
    );
  }
  lines.push(
    options.exactErrors
      ? "  error pages: CloudFront's, exactly (--exact-errors)"
      : "  error pages: CloudFront's, with a dev banner linking to the inspector (--exact-errors hides it)",
    `  purge the cache: ${options.interactive ? 'press p, or ' : ''}POST ${url}${PURGE_PATH}`,
    `  viewer country: config.dev.viewerCountry or a per-request x-edge-viewer-country header`,
    options.interactive ? '  press q or Ctrl-C to stop' : '  Ctrl-C to stop',
    '',
  );
  return lines.join('\n');
}
