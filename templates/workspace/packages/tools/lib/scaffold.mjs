// `@edge-app/tools/scaffold` in this repository: the scaffold module (TypeScript, which Node 20
// cannot import) bundled into a cached .mjs keyed by its content, then re-exported. The
// plopfile imports it. A generated project installs @edge-app/tools prebuilt, where the same
// export is dist/scaffold.js.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleTypeScript } from './bundle-typescript.mjs';

const toolsDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const code = await bundleTypeScript(join(toolsDir, 'src', 'scaffold', 'add-function.ts'), {
  logLevel: 'error',
});
const cacheDir = join(toolsDir, 'node_modules', '.cache', 'edge');
const file = join(
  cacheDir,
  `scaffold-${createHash('sha1').update(code).digest('hex').slice(0, 12)}.mjs`,
);
if (!existsSync(file)) {
  mkdirSync(cacheDir, { recursive: true });
  // Written aside and renamed, so a second run starting meanwhile never imports half a file.
  const partial = `${file}.${process.pid}`;
  writeFileSync(partial, code);
  renameSync(partial, file);
}
const scaffold = await import(pathToFileURL(file).href);

export const {
  addFunction,
  functionNameProblem,
  listBehaviorPatterns,
  suggestFunctionName,
  workspaceStarterSource,
} = scaffold;
