/**
 * The files container processes run: the Node.js container entry and the Python bootstrap.
 *
 * In the published package both sit in dist/ beside the runtime's code (container.js is an
 * entry of build.mjs). Run from its TypeScript sources (the repository's tests), the runtime
 * bundles the container entry on first use with esbuild, a dependency it has anyway for
 * TypeScript handlers: a test run always uses the container code it is testing, with no
 * build step to forget.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RuntimeSetupError } from './errors.ts';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

let containerEntry: Promise<string> | undefined;

/** The path `fork()` runs for a Node.js container. */
export function nodeContainerEntry(): Promise<string> {
  containerEntry ??= locateContainerEntry().catch((error: unknown) => {
    containerEntry = undefined;
    throw error;
  });
  return containerEntry;
}

async function locateContainerEntry(): Promise<string> {
  const built = here('./container.js');
  if (existsSync(built)) return built;
  const source = here('./container/main.ts');
  if (existsSync(source)) return bundleFromSource(source);
  throw new RuntimeSetupError(
    `The container entry (container.js) is missing beside ${here('.')}.`,
    'Reinstall @edge-app/runtime, or run `pnpm build` in a checkout of it.',
  );
}

async function bundleFromSource(source: string): Promise<string> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [source],
    bundle: true,
    platform: 'node',
    format: 'esm',
    // The oldest Node.js a Lambda runtime here can have (nodejs20.x).
    target: 'node20',
    write: false,
    logLevel: 'silent',
  });
  const text = result.outputFiles[0]?.text ?? '';
  const dir = join(tmpdir(), 'edge-app-runtime');
  const file = join(
    dir,
    `container-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.mjs`,
  );
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    // Test files run in parallel processes: each writes its own copy, then renames it in place.
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, text);
    renameSync(partial, file);
  }
  return file;
}

export function pythonBootstrapPath(): string {
  return here('./python_bootstrap.py');
}
