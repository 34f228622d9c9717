/**
 * Where the plain-JS worker and the Python bootstrap live. Beside this file normally; when the
 * runtime has been bundled into another file (the `edge` command bundles its sources), through
 * the package's exports instead.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

function locate(file: string, exportName: string): string {
  const beside = fileURLToPath(new URL(`./${file}`, import.meta.url));
  if (existsSync(beside)) return beside;
  return createRequire(import.meta.url).resolve(`@edge-app/runtime/${exportName}`);
}

let workerPath: string | undefined;
let bootstrapPath: string | undefined;

export function nodeWorkerPath(): string {
  workerPath ??= locate('worker.mjs', 'invoke/worker.mjs');
  return workerPath;
}

export function pythonBootstrapPath(): string {
  bootstrapPath ??= locate('python_bootstrap.py', 'invoke/python_bootstrap.py');
  return bootstrapPath;
}
