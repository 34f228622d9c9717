/**
 * A mistake in edge.config.ts is refused when the file loads, by every command alike: the message
 * names the field, what it got and the valid values, and the command exits 1. Nothing starts,
 * nothing is built, nothing is sent to AWS.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli.ts';
import { ToolsError } from '../../src/errors.ts';
import { loadConfig } from '../../src/project.ts';
import { createTempProject, type TempProject } from '../build/fixture.ts';
import { captureConsole } from '../dev/fixture.ts';

let project: TempProject | undefined;
let output: string[];
beforeEach(() => {
  output = captureConsole();
});
afterEach(() => {
  vi.restoreAllMocks();
  project?.cleanup();
  project = undefined;
});

function withConfig(body: string): string {
  project = createTempProject({
    auth: {
      eventType: 'viewer-request',
      files: {
        'src/index.ts':
          'export const handler = async (event: any) => event.Records[0].cf.request;\n',
      },
    },
  });
  project.write(
    'edge.config.ts',
    `export default {\n  origins: { default: { dir: 'public' } },\n${body}\n};\n`,
  );
  return project.root;
}

describe('edge.config.ts is validated when it loads', () => {
  it.each(['dev', 'build', 'size', 'deploy', 'destroy'])(
    'edge %s refuses profile "strictx", naming the field and the valid values',
    async (command) => {
      const root = withConfig(
        "  profile: 'strictx',\n  defaultBehavior: { functions: { 'viewer-request': 'auth' } },",
      );
      expect(await main([command, '--port', '0'].slice(0, command === 'dev' ? 3 : 1), root)).toBe(
        1,
      );
      const printed = output.join('\n');
      expect(printed).toContain('✖ edge.config.ts has a mistake:');
      expect(printed).toContain(
        'profile is "strictx"; expected one of "strict", "latest" (did you mean "strict"?).',
      );
      expect(printed).not.toMatch(/\n\s+at /);
      // Nothing was built.
      expect(existsSync(join(root, 'dist'))).toBe(false);
    },
  );

  it('edge build refuses defaultTTL "sixty" with the path of the field', async () => {
    const root = withConfig("  defaultBehavior: { cache: { defaultTTL: 'sixty' } },");
    expect(await main(['build'], root)).toBe(1);
    expect(output.join('\n')).toContain(
      'defaultBehavior.cache.defaultTTL is "sixty"; expected a number of seconds (0 or more).',
    );
  });

  it('loadConfig (also what `pnpm test` uses) throws a ToolsError with the fix', async () => {
    const root = withConfig("  defaultBehavior: { viewerProtocolPolicy: 'https' },");
    const error = await loadConfig(root).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ToolsError);
    expect((error as ToolsError).message).toContain(
      'defaultBehavior.viewerProtocolPolicy is "https"; expected one of "allow-all", "redirect-to-https", "https-only" (did you mean "https-only"?).',
    );
    expect((error as ToolsError).hint).toMatch(/Fix the fields above/);
  });
});
