/**
 * The last resort for a merge base (base/resolve.ts): the template as a published
 * create-edge-app version shipped it, fetched with `npm pack` (the user's own npm, registry and
 * credentials) into a temporary directory. Every published CLI carries its template as
 * dist/template.json (see build.mjs), with the vendored package tarballs in dist/vendor/.
 *
 * It is tried once and fails fast: no retries, a short timeout, and a message that names the
 * cause (offline, not published) rather than npm's last lines.
 */
import { existsSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliError } from '../errors.ts';
import { type LoadedTemplate, loadTemplate, TEMPLATE_FILE } from '../template/template.ts';

export class TemplateFetchError extends CliError {
  override readonly name = 'TemplateFetchError';
  constructor(message: string) {
    super('base-unavailable', message);
  }
}

/** One attempt, this long at most for the registry to answer. */
const FETCH_TIMEOUT_MS = 10_000;

function causeOf(result: { stderr: string; message?: string; timedOut?: boolean }): string {
  const text = `${result.stderr}\n${result.message ?? ''}`;
  if (result.timedOut || /ETIMEDOUT|ESOCKETTIMEDOUT/.test(text)) {
    return `the npm registry did not answer within ${FETCH_TIMEOUT_MS / 1000} s`;
  }
  if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ENETUNREACH|EHOSTUNREACH/.test(text)) {
    return 'the npm registry cannot be reached (offline?)';
  }
  if (/E404|404 Not Found|No matching version/.test(text))
    return 'that version is not published on npm';
  return text.trim().split('\n').slice(-3).join(' ');
}

/** `spec`: anything `npm pack` takes, normally `create-edge-app@<version>`. */
export async function fetchPublishedTemplate(spec: string): Promise<LoadedTemplate> {
  const { execa } = await import('execa');
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'create-edge-app-published-')));
  try {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const packed = await execa(
      npm,
      [
        'pack',
        spec,
        '--pack-destination',
        dir,
        '--loglevel=error',
        '--fetch-retries=0',
        `--fetch-timeout=${FETCH_TIMEOUT_MS}`,
      ],
      { cwd: dir, stdin: 'ignore', reject: false, timeout: 2 * FETCH_TIMEOUT_MS },
    );
    if (packed.failed) throw new TemplateFetchError(`npm pack ${spec} failed: ${causeOf(packed)}`);
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
