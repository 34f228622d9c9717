import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { templateFileBytes, templateFileOf } from '../../src/template/pack.ts';
import { writeTemplateDir } from '../../src/template/store.ts';
import { fetchPublishedTemplate, TemplateFetchError } from '../../src/upgrade/published.ts';
import { tempDir } from '../helpers/temp.ts';
import { tinyTemplate } from './fixtures.ts';

const VENDORED = 'vendor/edge-app-tools-0.1.0.tgz';
const TARBALL = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xff, 0xfe, 0x00]);

/**
 * `npm pack` takes any package spec; a local directory stands in for a version on the
 * registry, so the fetch and extraction run for real without the network.
 */
function packageDir(withTemplate: boolean | 'vendored'): string {
  const dir = join(tempDir(), 'create-edge-app');
  mkdirSync(join(dir, 'dist'), { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'create-edge-app', version: '0.0.1', files: ['dist'] }),
  );
  writeFileSync(join(dir, 'dist', 'index.js'), 'export {};\n');
  if (withTemplate === 'vendored') {
    // As build.mjs stores it now: the tarballs beside template.json, in dist/vendor/.
    const template = tinyTemplate({ 'src/old.ts': 'old\n' });
    template.files[VENDORED] = templateFileOf(TARBALL);
    writeTemplateDir(join(dir, 'dist'), template);
  } else if (withTemplate) {
    writeFileSync(
      join(dir, 'dist', 'template.json'),
      JSON.stringify(tinyTemplate({ 'src/old.ts': 'old\n' })),
    );
  }
  return dir;
}

describe('fetchPublishedTemplate', () => {
  it('reads dist/template.json out of the package npm pack fetched', async () => {
    const template = await fetchPublishedTemplate(packageDir(true));
    expect(template.files['src/old.ts']).toEqual({ content: 'old\n' });
  }, 60_000);

  it('reads the vendored tarballs stored beside it in dist/vendor/, as bytes', async () => {
    const template = await fetchPublishedTemplate(packageDir('vendored'));
    expect(template.files['src/old.ts']).toEqual({ content: 'old\n' });
    expect(templateFileBytes(template.files[VENDORED]!).equals(TARBALL)).toBe(true);
  }, 60_000);

  it('says what failed when the package has no template or cannot be fetched', async () => {
    await expect(fetchPublishedTemplate(packageDir(false))).rejects.toThrow(
      /has no dist\/template\.json/,
    );
    await expect(fetchPublishedTemplate(join(tempDir(), 'missing'))).rejects.toBeInstanceOf(
      TemplateFetchError,
    );
  }, 60_000);
});
