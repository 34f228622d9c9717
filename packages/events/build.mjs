// `pnpm build`: dist/ as `pnpm pack` ships it (see scripts/build-package.mjs).
import { fileURLToPath } from 'node:url';
import { buildPackage } from '../../scripts/build-package.mjs';

await buildPackage(fileURLToPath(new URL('.', import.meta.url)), {
  entries: { index: 'src/index.ts' },
});
