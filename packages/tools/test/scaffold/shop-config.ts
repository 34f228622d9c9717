/**
 * The edge.config.ts the scaffold tests add functions to: an empty associations block with the
 * marker the scaffold writes at, and `extra` lines after the default behavior.
 */
export function shopConfig(extra = ''): string {
  return `import { defineConfig } from '@edge-app/runtime';

export default defineConfig({
  name: 'shop',
  defaultBehavior: {
    origin: 'site',
    functions: {
      // edge:functions
    },
  },
${extra}});
`;
}
