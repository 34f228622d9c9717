/**
 * Where the template comes from: dist/ beside the bundled CLI, or, run from source (the unit
 * tests), the dist/ that `pnpm build` wrote: packing it needs esbuild and tsc to prebuild the
 * vendored packages (template/vendor.ts), which is build work, not something to redo per test.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PackedTemplate } from './pack.ts';
import { addStarterVariants, readTemplateDir, TEMPLATE_FILE } from './store.ts';

/** Source checkout only: src/template/ → the repository's templates/workspace. */
export const REPO_TEMPLATE_DIR = fileURLToPath(
  new URL('../../../../templates/workspace', import.meta.url),
);

/** The whole template: every starter variant included (upgrade renders any of them). */
export function loadTemplate(): PackedTemplate {
  return readTemplateDir(templateDir());
}

/**
 * The template without starter files, and a way to add the variants (`<event-type>/<starter>/
 * <language>`) a project renders once the answers are known: create reads only those. The
 * vendored tarballs come as `copied` entries: create copies them without reading them.
 */
export function loadTemplateLazily(): {
  template: PackedTemplate;
  withStarters(variants: readonly string[]): PackedTemplate;
} {
  const dir = templateDir();
  const template = readTemplateDir(dir, { starters: [], copyBeside: true });
  return { template, withStarters: (variants) => addStarterVariants(template, dir, variants) };
}

function templateDir(): string {
  // In the bundle every chunk sits in dist/, next to template.json.
  const bundled = fileURLToPath(new URL('.', import.meta.url));
  if (existsSync(`${bundled}${TEMPLATE_FILE}`)) return bundled;
  const built = fileURLToPath(new URL('../../dist/', import.meta.url));
  if (existsSync(`${built}${TEMPLATE_FILE}`)) return built;
  throw new Error(
    `The template is missing: ${bundled}${TEMPLATE_FILE} does not exist, nor ${built}${TEMPLATE_FILE}; run \`pnpm build\` first.`,
  );
}
