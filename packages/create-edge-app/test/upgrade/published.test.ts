import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fetchPublishedTemplate, TemplateFetchError } from '../../src/upgrade/published.ts';
import { tempDir } from '../helpers/temp.ts';
import { tinyTemplate } from './fixtures.ts';

/**
 * `npm pack` takes any package spec; a local directory stands in for a version on the
 * registry, so the fetch and extraction run for real without the network.
 */
function packageDir(withTemplate: boolean): string {
  const dir = join(tempDir(), 'create-edge-app');
  mkdirSync(join(dir, 'dist'), { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'create-edge-app', version: '0.0.1', files: ['dist'] }),
  );
  writeFileSync(join(dir, 'dist', 'index.js'), 'export {};\n');
  if (withTemplate) {
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

  it('says what failed when the package has no template or cannot be fetched', async () => {
    await expect(fetchPublishedTemplate(packageDir(false))).rejects.toThrow(
      /has no dist\/template\.json/,
    );
    await expect(fetchPublishedTemplate(join(tempDir(), 'missing'))).rejects.toBeInstanceOf(
      TemplateFetchError,
    );
  }, 60_000);
});
