// `pnpm build`: dist/ as `pnpm pack` ships it (see scripts/build-package.mjs). The container
// entry files are loaded by path, beside the module that starts them.
import { fileURLToPath } from 'node:url';
import { buildPackage } from '../../scripts/build-package.mjs';

await buildPackage(fileURLToPath(new URL('.', import.meta.url)), {
  entries: { index: 'src/index.ts', testing: 'src/testing/index.ts' },
  copy: {
    'src/invoke/worker.mjs': 'worker.mjs',
    'src/invoke/python_bootstrap.py': 'python_bootstrap.py',
  },
});
