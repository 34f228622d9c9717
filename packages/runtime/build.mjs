// `pnpm build`: dist/ as `pnpm pack` ships it (see scripts/build-package.mjs). The container
// entries are run by path, from beside the module that starts them: container.js (Node.js, its
// own bundle) and python_bootstrap.py.
import { fileURLToPath } from 'node:url';
import { buildPackage } from '../../scripts/build-package.mjs';

await buildPackage(fileURLToPath(new URL('.', import.meta.url)), {
  entries: {
    index: 'src/index.ts',
    testing: 'src/testing/index.ts',
    container: 'src/invoke/container/main.ts',
  },
  copy: {
    'src/invoke/python_bootstrap.py': 'python_bootstrap.py',
    // The inspector's page, served as it is by the dev server (inspector/page-files.ts).
    'src/inspector/page': 'inspector',
  },
});
