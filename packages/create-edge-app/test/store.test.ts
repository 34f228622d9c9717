/**
 * The template on disk (src/template/store.ts): template.json, the tarballs beside it, and one
 * JSON file per starter variant, which create reads only for the starters it renders.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sha256 } from '../src/render/manifest.ts';
import { loadTemplate } from '../src/template/load.ts';
import { STARTERS_DIR, templateFileBytes } from '../src/template/pack.ts';
import {
  addStarterVariants,
  readTemplateDir,
  starterVariantOf,
  writeTemplateDir,
} from '../src/template/store.ts';

const template = loadTemplate();
const dir = mkdtempSync(join(tmpdir(), 'cea-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeTemplateDir(dir, template);

const variantsIn = (files: Record<string, unknown>) =>
  [...new Set(Object.keys(files).map(starterVariantOf))].filter((v) => v !== undefined).sort();

describe('the stored template', () => {
  it('reads back exactly what was written, every starter variant included', () => {
    const read = readTemplateDir(dir);
    expect(read).toEqual(template);
    expect(Object.keys(read.files)).toEqual(Object.keys(read.files).sort());
    expect(variantsIn(read.files)).toContain('viewer-request/jwt-auth/ts');
  });

  it('keeps starter variants and tarballs out of template.json', () => {
    expect(readdirSync(join(dir, 'starters', 'viewer-request', 'blank')).sort()).toEqual([
      'python.json',
      'ts.json',
    ]);
    const skeleton = readTemplateDir(dir, { starters: [] });
    expect(variantsIn(skeleton.files)).toEqual([]);
    expect(Object.keys(skeleton.files).filter((p) => p.startsWith('vendor/'))).toHaveLength(3);
    // The files directly under the starters directory are not a variant's: they stay.
    expect(skeleton.files[`${STARTERS_DIR}/README.md`]).toEqual(
      template.files[`${STARTERS_DIR}/README.md`],
    );
    expect(skeleton.starters).toEqual(template.starters);
  });

  it('adds only the variants asked for, byte for byte', () => {
    const wanted = ['viewer-request/jwt-auth/ts', 'origin-response/blank/python'];
    const lazy = addStarterVariants(readTemplateDir(dir, { starters: [] }), dir, wanted);
    expect(variantsIn(lazy.files)).toEqual([...wanted].sort());
    for (const [path, file] of Object.entries(lazy.files)) {
      expect(file, path).toEqual(template.files[path]);
    }
  });

  it('leaves the tarballs on disk for create, with the sha256 of their bytes', () => {
    const forCreate = readTemplateDir(dir, { starters: [], copyBeside: true });
    const vendored = Object.keys(template.files).filter((p) => p.startsWith('vendor/'));
    expect(vendored).toHaveLength(3);
    expect(Object.keys(forCreate.copied ?? {}).sort()).toEqual(vendored);
    for (const path of vendored) {
      expect(forCreate.files[path], path).toBeUndefined();
      const copied = forCreate.copied?.[path];
      expect(copied?.source).toBe(join(dir, path));
      const bytes = templateFileBytes(template.files[path]!);
      expect(readFileSync(copied!.source).equals(bytes), path).toBe(true);
      expect(copied?.sha256, path).toBe(sha256(bytes));
    }
    // Adding starter variants keeps them.
    const withStarters = addStarterVariants(forCreate, dir, ['viewer-request/blank/ts']);
    expect(withStarters.copied).toEqual(forCreate.copied);
  });

  it('reads the tarballs after all from a template.json that stored no hashes for them', () => {
    const old = mkdtempSync(join(tmpdir(), 'cea-store-old-'));
    try {
      writeTemplateDir(old, template);
      const json = join(old, 'template.json');
      const stored = JSON.parse(readFileSync(json, 'utf8'));
      delete stored.besideSha256;
      writeFileSync(json, JSON.stringify(stored));
      const read = readTemplateDir(old, { starters: [], copyBeside: true });
      expect(read.copied).toBeUndefined();
      expect(Object.keys(read.files).filter((p) => p.startsWith('vendor/'))).toHaveLength(3);
    } finally {
      rmSync(old, { recursive: true, force: true });
    }
  });

  it('names the variant of a starter file, and nothing else', () => {
    expect(starterVariantOf(`${STARTERS_DIR}/viewer-request/blank/ts/src/index.ts`)).toBe(
      'viewer-request/blank/ts',
    );
    expect(starterVariantOf(`${STARTERS_DIR}/README.md`)).toBeUndefined();
    expect(starterVariantOf('packages/viewer-request/src/index.ts')).toBeUndefined();
  });
});
