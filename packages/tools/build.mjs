// `pnpm build`: dist/ as `pnpm pack` ships it (see scripts/build-package.mjs), with the
// handler starters of templates/starters that `pnpm gen trigger` copies from.
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
  copy: { '../../templates/starters': 'starters' },
  skip: NOT_SHIPPED,
});
