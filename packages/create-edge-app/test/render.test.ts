import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStarterSource } from '../../../templates/workspace/packages/tools/src/scaffold/starter-source.ts';
import type { Answers } from '../src/answers/types.ts';
import {
  listProjectFiles,
  MANIFEST_FILE,
  type ProjectManifest,
  sha256,
} from '../src/render/manifest.ts';
import { renderProject } from '../src/render/render.ts';
import { REPO_TEMPLATE_DIR } from '../src/template/load.ts';
import { packTemplate } from '../src/template/pack.ts';
import { tempDir } from './helpers/temp.ts';

const template = packTemplate(REPO_TEMPLATE_DIR);

function answers(overrides: Partial<Answers> = {}): Answers {
  return {
    targetDir: '/unused',
    projectName: 'shop-edge',
    functions: [
      { trigger: 'viewer-request', name: 'viewer-request', starter: 'blank', language: 'ts' },
      { trigger: 'origin-response', name: 'origin-response', starter: 'blank', language: 'ts' },
    ],
    install: false,
    git: true,
    force: false,
    ...overrides,
  };
}

describe('packTemplate', () => {
  it('takes dotfiles and starters, and leaves out install output and the libraries’ own tests', () => {
    const paths = Object.keys(template.files);
    expect(paths).toContain('.gitignore');
    expect(paths).toContain('pnpm-workspace.yaml');
    expect(paths).toContain('packages/tools/starters/viewer-request/blank/ts/package.json');
    expect(paths.some((p) => p.includes('node_modules/'))).toBe(false);
    expect(paths.some((p) => /^packages\/(events|runtime|tools)\/test\//.test(p))).toBe(false);
  });

  it('carries the starter catalogue, consistent with the starter files it packed', () => {
    for (const trigger of [
      'viewer-request',
      'origin-request',
      'origin-response',
      'viewer-response',
    ]) {
      const blank = template.starters.find((s) => s.eventType === trigger && s.starter === 'blank');
      expect(blank?.languages, trigger).toContain('ts');
    }
    for (const { eventType, starter, languages } of template.starters) {
      for (const language of languages) {
        const manifest = `packages/tools/starters/${eventType}/${starter}/${language}/package.json`;
        expect(template.files[manifest], manifest).toBeDefined();
      }
    }
  });
});

describe('renderProject', () => {
  it('writes the template, named, with one package per chosen trigger', async () => {
    const stage = tempDir();
    const { files } = await renderProject(template, answers(), stage);

    expect(files).toEqual(listProjectFiles(stage).concat(MANIFEST_FILE).sort());
    for (const path of Object.keys(template.files)) {
      if (path.startsWith('packages/tools/starters/')) {
        expect(files, path).not.toContain(path);
      } else if (!['package.json', 'README.md', 'edge.config.ts'].includes(path)) {
        expect(files, path).toContain(path);
      }
    }
    const manifest = JSON.parse(readFileSync(join(stage, 'package.json'), 'utf8'));
    const original = JSON.parse(template.files['package.json']!.content);
    expect(manifest).toEqual({ ...original, name: 'shop-edge' });
    expect(Object.keys(manifest)).toEqual(Object.keys(original));

    const readme = readFileSync(join(stage, 'README.md'), 'utf8').split('\n');
    expect(readme[0]).toBe('# shop-edge');
    expect(readme.slice(1)).toEqual(template.files['README.md']!.content.split('\n').slice(1));

    for (const trigger of ['viewer-request', 'origin-response']) {
      const pkg = JSON.parse(
        readFileSync(join(stage, 'packages', trigger, 'package.json'), 'utf8'),
      );
      expect(pkg.name).toBe(trigger);
      expect(pkg.edge.eventType).toBe(trigger);
      expect(files).toContain(`packages/${trigger}/src/index.ts`);
    }
    expect(files.some((f) => f.startsWith('packages/origin-request/'))).toBe(false);

    const config = readFileSync(join(stage, 'edge.config.ts'), 'utf8');
    expect(config).toContain("'viewer-request': 'viewer-request',");
    expect(config).toContain("'origin-response': 'origin-response',");
    expect(config).not.toContain("'origin-request':");
  });

  it('packs the template starters into packages/tools/starters.json, which pnpm gen reads', async () => {
    const stage = tempDir();
    const { files } = await renderProject(template, answers(), stage);

    expect(files).toContain('packages/tools/starters.json');
    expect(files.some((path) => path.startsWith('packages/tools/starters/'))).toBe(false);
    const source = openStarterSource(join(stage, 'packages/tools'));
    expect(source.list()).toEqual(template.starters);
    const prefix = 'packages/tools/starters/';
    for (const { eventType, starter, languages } of template.starters) {
      for (const language of languages) {
        const directory = `${prefix}${eventType}/${starter}/${language}/`;
        const packed = source.files(eventType, starter, language);
        const expected = Object.keys(template.files).filter((path) => path.startsWith(directory));
        expect([...packed.files.keys()].sort(), directory).toEqual(
          expected.map((path) => path.slice(directory.length)).sort(),
        );
        for (const path of expected) {
          const original = template.files[path]!;
          expect(packed.files.get(path.slice(directory.length))?.toString('utf8'), path).toBe(
            original.content,
          );
        }
      }
    }
  });

  it('records the generator, the answers and a sha256 of every file in .edge-app.json', async () => {
    const stage = tempDir();
    const given = answers();
    await renderProject(template, given, stage);
    const record = JSON.parse(readFileSync(join(stage, MANIFEST_FILE), 'utf8')) as ProjectManifest;

    expect(record.generator.name).toBe('create-edge-app');
    expect(record.answers).toEqual({
      projectName: 'shop-edge',
      functions: given.functions,
      install: false,
      git: true,
    });
    const onDisk = listProjectFiles(stage);
    expect(Object.keys(record.files).sort()).toEqual(onDisk);
    for (const path of onDisk) {
      expect(record.files[path], path).toBe(sha256(readFileSync(join(stage, path))));
    }
  });

  it('copies the chosen starter in the chosen language', async () => {
    const stage = tempDir();
    const python = template.starters.find(
      (s) => s.languages.includes('python') && s.starter !== 'blank',
    );
    expect(python, 'the template has a non-blank Python starter').toBeDefined();
    const { eventType, starter } = python!;
    const { files } = await renderProject(
      template,
      answers({
        functions: [{ trigger: eventType, name: 'edge-fn', starter, language: 'python' }],
      }),
      stage,
    );
    const source = `packages/tools/starters/${eventType}/${starter}/python/`;
    const fromStarter = Object.keys(template.files)
      .filter((path) => path.startsWith(source) && path !== `${source}package.json`)
      .map((path) => `packages/edge-fn/${path.slice(source.length)}`);
    expect(fromStarter).toContain('packages/edge-fn/src/index.py');
    for (const path of fromStarter) {
      expect(files, path).toContain(path);
      const original = template.files[`${source}${path.slice('packages/edge-fn/'.length)}`]!;
      expect(readFileSync(join(stage, path), 'utf8'), path).toBe(original.content);
    }
    const pkg = JSON.parse(readFileSync(join(stage, 'packages/edge-fn/package.json'), 'utf8'));
    expect(pkg).toMatchObject({ name: 'edge-fn', edge: { eventType, language: 'python' } });
    expect(readFileSync(join(stage, 'edge.config.ts'), 'utf8')).toContain(
      `'${eventType}': 'edge-fn',`,
    );
  });

  it('turns a starter the template lacks into a user error listing what exists', async () => {
    const stage = tempDir();
    const bad = answers({
      functions: [
        { trigger: 'viewer-request', name: 'viewer-request', starter: 'nope', language: 'ts' },
      ],
    });
    await expect(renderProject(template, bad, stage)).rejects.toMatchObject({
      name: 'CliUserError',
      message: 'There is no "nope" starter for viewer-request.',
    });
  });
});
