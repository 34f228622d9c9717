import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineInDevStage, defineInEveryStage, stageNames } from '../../src/scaffold/stage-edit.ts';
import { refusal } from './refusal.ts';
import { templateRoot } from './workspace-copy.ts';

function config(body: string): string {
  return `import { defineConfig } from '@edge-app/runtime';\n\nexport default defineConfig({\n${body}\n});\n`;
}

const template = readFileSync(join(templateRoot, 'edge.config.ts'), 'utf8');

describe('defineInEveryStage', () => {
  it("adds a missing key to the template's stage, keeping its comments", () => {
    const edited = defineInEveryStage(template, { JWT_DEV_KEYS: false });
    expect(edited).toBe(template.replace('define: {},', 'define: { JWT_DEV_KEYS: false },'));
  });

  it('leaves a key a stage defines already, and adds `define` where there is none', () => {
    const source = config(`  stages: {
    prod: { distributionId: 'E1', define: { JWT_DEV_KEYS: true, API: 'x' } },
    'staging': { distributionId: 'E2' },
  },`);
    expect(defineInEveryStage(source, { JWT_DEV_KEYS: false, NOTE: "it's" })).toBe(
      config(`  stages: {
    prod: { distributionId: 'E1', define: { JWT_DEV_KEYS: true, API: 'x', NOTE: 'it\\'s' } },
    'staging': { distributionId: 'E2', define: { JWT_DEV_KEYS: false, NOTE: 'it\\'s' } },
  },`),
    );
  });
});

describe('defineInDevStage', () => {
  it('adds a dev stage as a copy of the only stage, the key set, above it', () => {
    const withDefault = defineInEveryStage(
      template.replace('define: {},', "define: { API_URL: 'https://api.example.com' },"),
      { JWT_DEV_KEYS: false },
    );
    const { source, createdStage, copiedFrom } = defineInDevStage(
      withDefault,
      'JWT_DEV_KEYS',
      true,
    );
    expect([createdStage, copiedFrom]).toEqual([true, 'prod']);
    expect(stageNames(source)).toEqual(['dev', 'prod']);
    expect(source).toContain(`  stages: {
    // Local development: \`pnpm dev\` and \`pnpm build\` without --stage build with these values.
    dev: { define: { API_URL: 'https://api.example.com', JWT_DEV_KEYS: true } },
    prod: {`);
    // The production stage is as it was.
    expect(source).toContain(
      "define: { API_URL: 'https://api.example.com', JWT_DEV_KEYS: false },",
    );
    // A second run changes nothing.
    expect(defineInDevStage(source, 'JWT_DEV_KEYS', true)).toEqual({
      source,
      createdStage: false,
      copiedFrom: undefined,
    });
  });

  it('sets the key in a dev stage that exists, replacing its value', () => {
    const source = config(`  stages: { dev: { define: { JWT_DEV_KEYS: false } }, prod: {} },`);
    expect(defineInDevStage(source, 'JWT_DEV_KEYS', true).source).toBe(
      config(`  stages: { dev: { define: { JWT_DEV_KEYS: true } }, prod: {} },`),
    );
  });

  it('refuses a config without stages, saying what to add', () => {
    const error = refusal(() => defineInDevStage(config('  origins: {},'), 'K', true));
    expect(error.message).toBe(
      'edge.config.ts has no `stages: { ... }` object literal to set build-time values in.',
    );
  });
});
