import { chmodSync, existsSync, readFileSync, statSync } from 'node:fs';
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
import { loadTemplate, loadTemplateLazily, REPO_TEMPLATE_DIR } from '../src/template/load.ts';
import { packTemplate, STARTERS_DIR, templateFileBytes } from '../src/template/pack.ts';
import { readTemplateDir, writeTemplateDir } from '../src/template/store.ts';
import type { VendoredPackage } from '../src/template/vendor.ts';
import { extractTarball } from './helpers/tarball.ts';
import { tempDir } from './helpers/temp.ts';

/** The template as create uses it: dist/, which `pnpm build` wrote (`pnpm test` builds first). */
const template = loadTemplate();

const SHARED = ['events', 'runtime', 'tools'] as const;
/**
 * Stand-ins for the tarballs build.mjs makes (vendor.test.ts builds the real ones): a few
 * bytes that are not UTF-8, as a gzip stream's are not.
 */
const fakeVendored: VendoredPackage[] = SHARED.map((name, index) => ({
  name: `@edge-app/${name}`,
  version: '0.1.0',
  path: `vendor/edge-app-${name}-0.1.0.tgz`,
  bytes: Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xff, 0xfe, index]),
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
  const packed = packTemplate(REPO_TEMPLATE_DIR, fakeVendored);
  const paths = Object.keys(packed.files);

  it('takes dotfiles and starters, and leaves out install output and the shared packages’ sources', () => {
    expect(paths).toContain('.gitignore');
    expect(paths).toContain('pnpm-workspace.yaml');
    expect(paths).toContain('plopfile.mjs');
    expect(paths).toContain(`${STARTERS_DIR}/viewer-request/blank/ts/package.json`);
    expect(paths.some((p) => p.includes('node_modules/'))).toBe(false);
    // Of packages/, only the starters remain: the rest comes vendored.
    const sources = [
      'packages/events/package.json',
      'packages/events/src/index.ts',
      'packages/runtime/package.json',
      'packages/runtime/src/index.ts',
      'packages/tools/package.json',
      'packages/tools/src/cli.ts',
      'packages/tools/bin/edge.mjs',
    ];
    for (const source of sources) {
      expect(existsSync(join(REPO_TEMPLATE_DIR, source)), source).toBe(true);
      expect(paths, source).not.toContain(source);
    }
    const outsideStarters = paths.filter(
      (p) => p.startsWith('packages/') && !p.startsWith(`${STARTERS_DIR}/`),
    );
    expect(outsideStarters).toEqual([]);
    expect(paths).toEqual([...paths].sort());
  });

  it('adds each vendored tarball under vendor/, byte for byte', () => {
    expect(paths.filter((p) => p.startsWith('vendor/'))).toEqual(fakeVendored.map((p) => p.path));
    for (const pkg of fakeVendored) {
      expect(templateFileBytes(packed.files[pkg.path]!).equals(pkg.bytes), pkg.path).toBe(true);
    }
  });

  it('appends to pnpm-workspace.yaml an overrides block that names each tarball', () => {
    const original = readFileSync(join(REPO_TEMPLATE_DIR, 'pnpm-workspace.yaml'), 'utf8');
    expect(original).not.toMatch(/^overrides:/m);
    const yaml = packed.files['pnpm-workspace.yaml']!.content;
    expect(yaml.startsWith(original.trimEnd())).toBe(true);
    const block = yaml.slice(yaml.indexOf('\noverrides:\n') + 1);
    expect(block.split('\n').filter(Boolean)).toEqual([
      'overrides:',
      "  '@edge-app/events': 'file:vendor/edge-app-events-0.1.0.tgz'",
      "  '@edge-app/runtime': 'file:vendor/edge-app-runtime-0.1.0.tgz'",
      "  '@edge-app/tools': 'file:vendor/edge-app-tools-0.1.0.tgz'",
    ]);
    // Without packages to vendor, the file is left as it is.
    const plain = packTemplate(REPO_TEMPLATE_DIR, []);
    expect(plain.files['pnpm-workspace.yaml']!.content).toBe(original);
    expect(Object.keys(plain.files).some((p) => p.startsWith('vendor/'))).toBe(false);
  });

  it('is what the build stored in dist/, with the real tarballs', () => {
    // Sorted here: readTemplateDir appends the tarballs after the JSON's files.
    expect(Object.keys(template.files).sort()).toEqual(paths);
    for (const pkg of fakeVendored) {
      const built = templateFileBytes(template.files[pkg.path]!);
      expect(built.subarray(0, 2).equals(Buffer.from([0x1f, 0x8b])), `${pkg.path} is gzip`).toBe(
        true,
      );
    }
    expect(template.files['pnpm-workspace.yaml']).toEqual(packed.files['pnpm-workspace.yaml']);
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
        const manifest = `${STARTERS_DIR}/${eventType}/${starter}/${language}/package.json`;
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
      if (path.startsWith(`${STARTERS_DIR}/`)) {
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

  it('writes neither the starters nor the shared packages: the vendored tools package carries the starters', async () => {
    const stage = tempDir();
    const { files } = await renderProject(template, answers(), stage);

    expect(files.filter((path) => /^packages\/(?:events|runtime|tools)\//.test(path))).toEqual([]);
    for (const name of SHARED) {
      const path = `vendor/edge-app-${name}-0.1.0.tgz`;
      expect(files, path).toContain(path);
      expect(readFileSync(join(stage, path)).equals(templateFileBytes(template.files[path]!))).toBe(
        true,
      );
    }
    // `pnpm gen trigger` reads the starters from the installed @edge-app/tools.
    const tools = extractTarball(readFileSync(join(stage, 'vendor/edge-app-tools-0.1.0.tgz')));
    expect(existsSync(join(tools, 'starters'))).toBe(false);
    const source = openStarterSource(tools);
    expect(source.list()).toEqual(template.starters);
    const prefix = `${STARTERS_DIR}/`;
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

  it('writes the same project from the template as create reads it (tarballs copied, not read)', async () => {
    const given = answers();
    const lazy = loadTemplateLazily();
    const forCreate = lazy.withStarters(['viewer-request/blank/ts', 'origin-response/blank/ts']);
    expect(Object.keys(forCreate.copied ?? {})).toHaveLength(3);
    const [viaCreate, viaWhole] = [tempDir(), tempDir()];
    const created = await renderProject(forCreate, given, viaCreate);
    const whole = await renderProject(template, given, viaWhole);
    expect(created.files).toEqual(whole.files);
    for (const path of whole.files) {
      expect(
        readFileSync(join(viaCreate, path)).equals(readFileSync(join(viaWhole, path))),
        path,
      ).toBe(true);
    }
  });

  it('writes the copied tarballs 0644 even when the CLI was installed read-only', async () => {
    const dir = tempDir();
    writeTemplateDir(dir, template);
    for (const path of Object.keys(template.files).filter((p) => p.startsWith('vendor/'))) {
      chmodSync(join(dir, path), 0o444);
    }
    const readOnly = readTemplateDir(dir, { copyBeside: true });
    expect(Object.keys(readOnly.copied ?? {})).toHaveLength(3);
    const stage = tempDir();
    await renderProject(readOnly, answers(), stage);
    for (const path of Object.keys(readOnly.copied ?? {})) {
      expect(statSync(join(stage, path)).mode & 0o777, path).toBe(0o644);
    }
  });

  it('takes the hash the build stored for files written as the template holds them, and hashes the rest', async () => {
    // A marked copy: the stored hashes are replaced by labels, so the record shows which it used.
    const marked = structuredClone(template);
    for (const [path, file] of Object.entries(marked.files)) file.sha256 = `stored:${path}`;
    const stage = tempDir();
    await renderProject(marked, answers(), stage);
    const record = JSON.parse(readFileSync(join(stage, MANIFEST_FILE), 'utf8')) as ProjectManifest;
    const starter = `${STARTERS_DIR}/viewer-request/blank/ts/src/index.ts`;
    expect(record.files['tsconfig.json']).toBe('stored:tsconfig.json');
    expect(record.files['packages/viewer-request/src/index.ts']).toBe(`stored:${starter}`);
    for (const edited of [
      'package.json',
      'README.md',
      'edge.config.ts',
      'packages/viewer-request/package.json',
    ]) {
      expect(record.files[edited], edited).toBe(sha256(readFileSync(join(stage, edited))));
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
    const source = `${STARTERS_DIR}/${eventType}/${starter}/python/`;
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
