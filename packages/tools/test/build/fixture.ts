/**
 * Real projects on disk for the build tests, outside the repository (under the OS temp dir),
 * with the workspace packages linked in from the template the way pnpm links them.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EventType } from '@edge-app/events';
import type { EdgeConfig } from '@edge-app/runtime';
import type { Project } from '../../src/project.ts';
import { discoverFunctions } from '../../src/project.ts';

const templatePackages = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export interface FunctionSpec {
  eventType: EventType;
  language?: 'node' | 'python';
  /** Paths relative to the package dir, e.g. `src/index.ts`. */
  files: Record<string, string>;
}

export interface TempProject {
  root: string;
  project(config?: Partial<EdgeConfig>): Project;
  /** Writes a file relative to the project root. */
  write(path: string, content: string): void;
  cleanup(): void;
}

export const baseConfig: EdgeConfig = {
  origins: { default: { dir: 'public' } },
  // `/` serves public/index.html, as the generated workspace's edge.config.ts says.
  defaultRootObject: 'index.html',
  defaultBehavior: { origin: 'default', functions: {} },
};

export function createTempProject(functions: Record<string, FunctionSpec>): TempProject {
  const root = mkdtempSync(join(tmpdir(), 'edge-build-test-'));
  const write = (path: string, content: string) => {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  };
  write('package.json', JSON.stringify({ name: 'temp-edge-app', private: true, type: 'module' }));
  mkdirSync(join(root, 'node_modules', '@edge-app'), { recursive: true });
  for (const name of ['events', 'runtime', 'tools']) {
    symlinkSync(join(templatePackages, name), join(root, 'node_modules', '@edge-app', name), 'dir');
  }
  for (const [name, spec] of Object.entries(functions)) {
    write(
      `packages/${name}/package.json`,
      JSON.stringify({
        name,
        private: true,
        type: 'module',
        edge: { eventType: spec.eventType, language: spec.language ?? 'node' },
      }),
    );
    for (const [path, content] of Object.entries(spec.files))
      write(`packages/${name}/${path}`, content);
  }
  return {
    root,
    write,
    project: (config = {}) => ({
      root,
      config: { ...baseConfig, ...config },
      functions: discoverFunctions(root),
    }),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** A dependency under the project's node_modules, as an installed package would be. */
export function writeDependency(
  project: TempProject,
  name: string,
  files: Record<string, string>,
  manifest: Record<string, unknown> = {},
): void {
  project.write(
    `node_modules/${name}/package.json`,
    JSON.stringify({ name, version: '1.0.0', main: 'index.js', ...manifest }),
  );
  for (const [path, content] of Object.entries(files)) {
    project.write(`node_modules/${name}/${path}`, content);
  }
}
