/**
 * The fallback base: the template as a published create-edge-app version shipped it, fetched
 * with `npm pack` (the user's own npm, registry and credentials) into a temporary directory.
 * Every published CLI carries its template as dist/template.json (see build.mjs), newer ones
 * with the vendored package tarballs beside it in dist/vendor/.
 */
import { existsSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LoadedTemplate, loadTemplate, TEMPLATE_FILE } from '../template/template.ts';

export class TemplateFetchError extends Error {
  override readonly name = 'TemplateFetchError';
}

/** `spec`: anything `npm pack` takes, normally `create-edge-app@<version>`. */
export async function fetchPublishedTemplate(spec: string): Promise<LoadedTemplate> {
  const { execa } = await import('execa');
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'create-edge-app-published-')));
  try {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const packed = await execa(npm, ['pack', spec, '--pack-destination', dir, '--silent'], {
      cwd: dir,
      stdin: 'ignore',
      reject: false,
      timeout: 120_000,
    });
    if (packed.failed) {
      const reason = (packed.stderr || packed.message || '').trim().split('\n').slice(-3).join(' ');
      throw new TemplateFetchError(`npm pack ${spec} failed: ${reason}`);
    }
    const tarball = readdirSync(dir).find((name) => name.endsWith('.tgz'));
    if (!tarball) throw new TemplateFetchError(`npm pack ${spec} wrote no tarball`);
    // All of dist/: the @edge-app/* tarballs are stored beside template.json (dist/vendor/).
    const extracted = await execa('tar', ['-xzf', tarball, 'package/dist'], {
      cwd: dir,
      stdin: 'ignore',
      reject: false,
    });
    const dist = join(dir, 'package', 'dist');
    if (extracted.failed || !existsSync(join(dist, TEMPLATE_FILE))) {
      throw new TemplateFetchError(
        `${spec} has no dist/template.json (${extracted.stderr.trim() || extracted.message || 'not in the package'})`,
      );
    }
    let template: LoadedTemplate;
    try {
      template = loadTemplate(join(dist, TEMPLATE_FILE));
    } catch (error) {
      throw new TemplateFetchError(
        `${spec}'s dist/template.json cannot be read: ${(error as Error).message}`,
      );
    }
    return template;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
