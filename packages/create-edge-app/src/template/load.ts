/**
 * Where the template comes from: dist/ beside the bundled CLI, or, run from source (the unit
 * tests), the dist/ that `pnpm build` wrote: packing it needs esbuild and tsc to prebuild the
 * vendored packages (template/vendor.ts), which is build work, not something to redo per test.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PackedTemplate } from './pack.ts';
import { readTemplateDir, TEMPLATE_FILE } from './store.ts';

/** Source checkout only: src/template/ → the repository's templates/workspace. */
export const REPO_TEMPLATE_DIR = fileURLToPath(
  new URL('../../../../templates/workspace', import.meta.url),
);

export function loadTemplate(): PackedTemplate {
  // In the bundle every chunk sits in dist/, next to template.json.
  const bundled = fileURLToPath(new URL('.', import.meta.url));
  if (existsSync(`${bundled}${TEMPLATE_FILE}`)) return readTemplateDir(bundled);
  const built = fileURLToPath(new URL('../../dist/', import.meta.url));
  if (existsSync(`${built}${TEMPLATE_FILE}`)) return readTemplateDir(built);
  throw new Error(
    `The template is missing: ${bundled}${TEMPLATE_FILE} does not exist, nor ${built}${TEMPLATE_FILE}; run \`pnpm build\` first.`,
  );
}
