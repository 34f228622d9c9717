// `@edge-app/tools/scaffold` in this repository: the scaffold module (TypeScript, which Node 20
// cannot import) bundled into a cached .mjs keyed by the sources' modification times, as the
// `edge` command is (bin/edge.mjs), then re-exported. The plopfile imports it. A generated
// project installs @edge-app/tools prebuilt, where the same export is dist/scaffold.js.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cachedBundle } from './bundle-typescript.mjs';

const toolsDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const file = await cachedBundle(join(toolsDir, 'src', 'scaffold', 'add-function.ts'), 'scaffold', {
  logLevel: 'error',
});
const scaffold = await import(pathToFileURL(file).href);

export const {
  addFunction,
  functionNameProblem,
  listBehaviorPatterns,
  suggestFunctionName,
  workspaceStarterSource,
} = scaffold;
