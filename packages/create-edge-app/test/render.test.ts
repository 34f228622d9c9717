import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { directoryStarterSource } from '@edge-app/tools/scaffold';
import { describe, expect, it } from 'vitest';
import type { Answers } from '../src/answers/types.ts';
import { sha256 } from '../src/hash.ts';
import { BASE_FILE, decodeBase } from '../src/render/base.ts';
import { listProjectFiles, MANIFEST_FILE, type ProjectManifest } from '../src/render/manifest.ts';
import { renderProject, templateStarters } from '../src/render/render.ts';
import { packTemplate } from '../src/template/pack.ts';
import { loadTemplate, templateFileBytes } from '../src/template/template.ts';
import { GENERATOR_VERSION } from '../src/version.ts';
import { extractTarball } from './helpers/tarball.ts';
import { tempDir } from './helpers/temp.ts';

/** The template as create uses it: dist/, which `pnpm build` wrote (`pnpm test` builds first). */
const template = loadTemplate();

const REPOSITORY = join(import.meta.dirname, '..', '..', '..');
const WORKSPACE_DIR = join(REPOSITORY, 'templates', 'workspace');
const STARTERS_DIR = join(REPOSITORY, 'templates', 'starters');

const fakePackages = ['events', 'runtime', 'tools'].map((name) => ({
  name: `@edge-app/${name}`,
  version: '9.9.9',
  path: `vendor/edge-app-${name}-9.9.9-0123456789.tgz`,
}));

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
  const packed = packTemplate(WORKSPACE_DIR, STARTERS_DIR, fakePackages);
  const paths = Object.keys(packed.workspace);

  it('takes the workspace root with its dotfiles, and leaves out install output', () => {
    expect(paths).toContain('.gitignore');
    expect(paths).toContain('pnpm-workspace.yaml');
    expect(paths).toContain('plopfile.mjs');
    expect(paths.some((p) => p.includes('node_modules/'))).toBe(false);
    expect(paths.some((p) => p.startsWith('packages/'))).toBe(false);
    expect(paths).toEqual([...paths].sort());
  });

  it('takes every starter file as the starters directory holds it', () => {
    const directory = directoryStarterSource(STARTERS_DIR);
    const source = templateStarters({ ...packed, tarballs: new Map() });
    expect(source.list()).toEqual(directory.list());
    for (const { eventType, starter, languages } of directory.list()) {
      for (const language of languages) {
        expect(source.files(eventType, starter, language), `${eventType}/${starter}`).toEqual(
          directory.files(eventType, starter, language),
        );
      }
    }
  });

  it('names the vendored versions in package.json and the tarballs in pnpm-workspace.yaml', () => {
    const manifest = JSON.parse(packed.workspace['package.json']!.content);
    const original = JSON.parse(readFileSync(join(WORKSPACE_DIR, 'package.json'), 'utf8'));
    expect(original.devDependencies['@edge-app/tools']).toBe('workspace:*');
    expect(manifest.devDependencies['@edge-app/tools']).toBe('9.9.9');
    expect(Object.keys(manifest)).toEqual(Object.keys(original));

    const yaml = packed.workspace['pnpm-workspace.yaml']!.content;
    const block = yaml.slice(yaml.indexOf('\noverrides:\n') + 1);
    expect(block.split('\n').filter(Boolean)).toEqual([
      'overrides:',
      ...fakePackages.map((pkg) => `  '${pkg.name}': 'file:${pkg.path}'`),
    ]);
  });

  it('is what the build stored in dist/, with the tarballs pnpm pack made', () => {
    expect(Object.keys(template.workspace)).toEqual(paths);
    expect(template.starters).toEqual(packed.starters);
    expect(template.packages.map((pkg) => pkg.name)).toEqual(fakePackages.map((pkg) => pkg.name));
    for (const pkg of template.packages) {
      expect(pkg.path).toMatch(/^vendor\/edge-app-[a-z]+-\d+\.\d+\.\d+-[0-9a-f]{10}\.tgz$/);
      const bytes = template.tarballs.get(pkg.path)!;
      expect(pkg.path).toContain(sha256(bytes).slice(0, 10));
      const manifest = JSON.parse(
        readFileSync(join(extractTarball(bytes), 'package.json'), 'utf8'),
      );
      expect(manifest).toMatchObject({ name: pkg.name, version: pkg.version });
    }
  });
});

describe('renderProject', () => {
  it('writes the template, named, with one package per chosen trigger', async () => {
    const stage = tempDir();
    const { files } = renderProject(template, answers(), stage);

    expect(files).toEqual(listProjectFiles(stage).concat(MANIFEST_FILE).sort());
    for (const path of Object.keys(template.workspace)) expect(files, path).toContain(path);
    const manifest = JSON.parse(readFileSync(join(stage, 'package.json'), 'utf8'));
    const original = JSON.parse(template.workspace['package.json']!.content);
    expect(manifest).toEqual({ ...original, name: 'shop-edge' });
    expect(Object.keys(manifest)).toEqual(Object.keys(original));

    const readme = readFileSync(join(stage, 'README.md'), 'utf8').split('\n');
    expect(readme[0]).toBe('# shop-edge');
    expect(readme.slice(1)).toEqual(template.workspace['README.md']!.content.split('\n').slice(1));

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

  it('writes each tarball byte for byte, and function packages that name their versions', async () => {
    const stage = tempDir();
    renderProject(template, answers(), stage);

    for (const pkg of template.packages) {
      expect(readFileSync(join(stage, pkg.path)).equals(template.tarballs.get(pkg.path)!)).toBe(
        true,
      );
    }
    const versions = Object.fromEntries(template.packages.map((pkg) => [pkg.name, pkg.version]));
    const fn = JSON.parse(
      readFileSync(join(stage, 'packages/viewer-request/package.json'), 'utf8'),
    );
    expect(fn.dependencies['@edge-app/events']).toBe(versions['@edge-app/events']);
    expect(fn.devDependencies['@edge-app/runtime']).toBe(versions['@edge-app/runtime']);
    // `pnpm gen trigger` reads the starters from the installed @edge-app/tools.
    const tools = template.packages.find((pkg) => pkg.name === '@edge-app/tools')!;
    const installed = extractTarball(readFileSync(join(stage, tools.path)));
    const shipped = directoryStarterSource(join(installed, 'dist', 'starters'));
    expect(shipped.list()).toEqual(templateStarters(template).list());
  });

  it('records the generator, the answers and a sha256 of every file in .edge-app.json', async () => {
    const stage = tempDir();
    const given = answers();
    renderProject(template, given, stage);
    const record = JSON.parse(readFileSync(join(stage, MANIFEST_FILE), 'utf8')) as ProjectManifest;

    expect(record.format).toBe(2);
    expect(record.generator.name).toBe('create-edge-app');
    expect(record.answers).toEqual({
      projectName: 'shop-edge',
      functions: given.functions,
      install: false,
      git: true,
    });
    const onDisk = listProjectFiles(stage).filter((path) => path !== BASE_FILE);
    expect(Object.keys(record.files).sort()).toEqual(onDisk);
    for (const path of onDisk) {
      expect(record.files[path], path).toBe(sha256(readFileSync(join(stage, path))));
    }
  });

  it('stores what it rendered as the merge base of the first upgrade: text whole, tarballs by hash', async () => {
    const stage = tempDir();
    renderProject(template, answers(), stage);
    const base = decodeBase(readFileSync(join(stage, BASE_FILE)));

    expect(base.generatorVersion).toBe(GENERATOR_VERSION);
    const onDisk = listProjectFiles(stage).filter((path) => path !== BASE_FILE);
    expect([...base.files.keys()].sort()).toEqual(onDisk);
    for (const path of onDisk) {
      const bytes = readFileSync(join(stage, path));
      const stored = base.files.get(path);
      expect(stored?.sha256, path).toBe(sha256(bytes));
      if (path.endsWith('.tgz')) expect(stored?.bytes, path).toBeUndefined();
      else expect(stored?.bytes, path).toEqual(bytes);
    }
    // Small enough to commit: the tarballs, most of a project's bytes, are not in it.
    expect(readFileSync(join(stage, BASE_FILE)).length).toBeLessThan(20_000);
  });

  it('copies the chosen starter in the chosen language', async () => {
    const stage = tempDir();
    const starters = templateStarters(template);
    const python = starters
      .list()
      .find((s) => s.languages.includes('python') && s.starter !== 'blank');
    expect(python, 'the template has a non-blank Python starter').toBeDefined();
    const { eventType, starter } = python!;
    const { files } = renderProject(
      template,
      answers({
        functions: [{ trigger: eventType, name: 'edge-fn', starter, language: 'python' }],
      }),
      stage,
    );
    const fromStarter = starters.files(eventType, starter, 'python');
    expect(fromStarter.has('src/index.py')).toBe(true);
    for (const [path, file] of fromStarter) {
      expect(files, path).toContain(`packages/edge-fn/${path}`);
      if (path !== 'package.json') {
        expect(readFileSync(join(stage, 'packages/edge-fn', path)), path).toEqual(file.bytes);
      }
    }
    const pkg = JSON.parse(readFileSync(join(stage, 'packages/edge-fn/package.json'), 'utf8'));
    expect(pkg).toMatchObject({ name: 'edge-fn', edge: { eventType, language: 'python' } });
    expect(readFileSync(join(stage, 'edge.config.ts'), 'utf8')).toContain(
      `'${eventType}': 'edge-fn',`,
    );
    expect(templateFileBytes(template.workspace['tsconfig.json']!)).toEqual(
      readFileSync(join(stage, 'tsconfig.json')),
    );
  });

  it('turns a starter the template lacks into a user error listing what exists', async () => {
    const stage = tempDir();
    const bad = answers({
      functions: [
        { trigger: 'viewer-request', name: 'viewer-request', starter: 'nope', language: 'ts' },
      ],
    });
    expect(() => renderProject(template, bad, stage)).toThrow(
      expect.objectContaining({
        name: 'CliError',
        code: 'template',
        message: 'There is no "nope" starter for viewer-request.',
      }),
    );
  });
});
