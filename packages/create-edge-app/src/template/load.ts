/** Where the template comes from: dist/template.json when bundled, the repository otherwise. */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type PackedTemplate, packTemplate } from './pack.ts';

/** Source checkout only: src/template/ → the repository's templates/workspace. */
export const REPO_TEMPLATE_DIR = fileURLToPath(
  new URL('../../../../templates/workspace', import.meta.url),
);

export function loadTemplate(): PackedTemplate {
  // In the bundle every chunk sits in dist/, next to template.json.
  const bundled = new URL('./template.json', import.meta.url);
  if (existsSync(bundled)) return JSON.parse(readFileSync(bundled, 'utf8')) as PackedTemplate;
  if (existsSync(REPO_TEMPLATE_DIR)) return packTemplate(REPO_TEMPLATE_DIR);
  throw new Error(
    `The template is missing: neither ${fileURLToPath(bundled)} nor ${REPO_TEMPLATE_DIR} exists.`,
  );
}
