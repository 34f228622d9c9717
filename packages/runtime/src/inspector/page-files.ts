/**
 * The inspector's page: static files, served as they are (no build step in the user's project,
 * nothing fetched from elsewhere). In the published package they sit in dist/inspector/ (copied
 * by build.mjs); run from the sources (the repository's tests), in src/inspector/page/.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** File name → content type: the only files the server hands out. */
export const PAGE_FILES: Readonly<Record<string, string>> = {
  'index.html': 'text/html; charset=utf-8',
  'inspector.css': 'text/css; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'detail.js': 'text/javascript; charset=utf-8',
  'trigger.js': 'text/javascript; charset=utf-8',
  'waterfall.js': 'text/javascript; charset=utf-8',
  'dom.js': 'text/javascript; charset=utf-8',
};

let pageDir: string | undefined;

function locatePage(): string {
  const built = fileURLToPath(new URL('./inspector/', import.meta.url));
  if (existsSync(`${built}index.html`)) return built;
  return fileURLToPath(new URL('./page/', import.meta.url));
}

const cache = new Map<string, Buffer>();

/** The file's bytes and type, or undefined for a name that is not one of the page's files. */
export function pageFile(name: string): { body: Buffer; contentType: string } | undefined {
  const contentType = Object.hasOwn(PAGE_FILES, name) ? PAGE_FILES[name] : undefined;
  if (!contentType) return undefined;
  let body = cache.get(name);
  if (!body) {
    pageDir ??= locatePage();
    body = readFileSync(`${pageDir}${name}`);
    cache.set(name, body);
  }
  return { body, contentType };
}
