import { mkdirSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fetchPublishedTemplate, TemplateFetchError } from '../../src/upgrade/published.ts';
import { tempDir } from '../helpers/temp.ts';
import { tinyTemplate, writeTemplatePack } from './fixtures.ts';

const VENDORED = 'vendor/edge-app-tools-0.1.0-0123456789.tgz';
const TARBALL = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xff, 0xfe, 0x00]);

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
    // As build.mjs stores it: the tarballs beside template.json, in dist/vendor/.
    const template = tinyTemplate({ 'src/old.ts': 'old\n' });
    template.packages.push({ name: '@edge-app/tools', version: '0.1.0', path: VENDORED });
    template.tarballs.set(VENDORED, TARBALL);
    writeTemplatePack(join(dir, 'dist', 'template.json'), template);
  }
  return dir;
}

describe('fetchPublishedTemplate', () => {
  it('reads dist/template.json and the tarballs beside it out of the package npm pack fetched', async () => {
    const template = await fetchPublishedTemplate(packageDir(true));
    expect(template.workspace['src/old.ts']).toEqual({ content: 'old\n' });
    expect(template.tarballs.get(VENDORED)?.equals(TARBALL)).toBe(true);
  }, 60_000);

  it('fails at once, naming the cause, when the registry cannot be reached', async () => {
    const server = createServer();
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    await new Promise((done) => server.close(done));
    const before = process.env.npm_config_registry;
    process.env.npm_config_registry = `http://127.0.0.1:${port}/`;
    const started = Date.now();
    try {
      await expect(fetchPublishedTemplate('create-edge-app@0.1.0')).rejects.toThrow(
        'npm pack create-edge-app@0.1.0 failed: the npm registry cannot be reached (offline?)',
      );
    } finally {
      if (before === undefined) delete process.env.npm_config_registry;
      else process.env.npm_config_registry = before;
    }
    // No retries: well within the one attempt's timeout.
    expect(Date.now() - started).toBeLessThan(20_000);
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
