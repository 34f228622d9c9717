// `pnpm build`: dist/ as `pnpm pack` ships it (see scripts/build-package.mjs), with the
// handler starters of templates/starters that `pnpm gen trigger` copies from, and the global
// `EDGE_CONFIG` declaration (`@edge-app/tools/globals`, which a generated project's tsconfig
// names in `types`): tsc emits no declaration file for a hand-written one, so it is copied.
import { fileURLToPath } from 'node:url';
import { buildPackage } from '../../scripts/build-package.mjs';

const NOT_SHIPPED = /(^|\/)(node_modules|dist|\.cache|__pycache__|\.pytest_cache)(\/|$)/;

await buildPackage(fileURLToPath(new URL('.', import.meta.url)), {
  entries: {
    cli: 'src/cli.ts',
    index: 'src/index.ts',
    scaffold: 'src/scaffold/index.ts',
    'vitest-setup': 'src/build/vitest-setup.ts',
  },
  copy: {
    '../../templates/starters': 'starters',
    'src/build/edge-config-global.d.ts': 'types/build/edge-config-global.d.ts',
  },
  skip: NOT_SHIPPED,
});
