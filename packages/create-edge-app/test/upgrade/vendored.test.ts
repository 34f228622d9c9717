/**
 * Upgrading across the change that vendored the shared packages: a project generated before
 * it has their sources in packages/events|runtime|tools and its starters in
 * packages/tools/starters.json; the template now has vendor/*.tgz and pnpm overrides instead.
 * Also: a vendored tarball is binary and is never merged as text.
 */
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { packStarterDirectory } from '../../../../templates/workspace/packages/tools/src/scaffold/starter-source.ts';
import type { Answers } from '../../src/answers/types.ts';
import { main } from '../../src/index.ts';
import { MANIFEST_FILE, manifestBytes, sha256 } from '../../src/render/manifest.ts';
import { renderFiles, renderProject } from '../../src/render/render.ts';
import { loadTemplate, REPO_TEMPLATE_DIR } from '../../src/template/load.ts';
import {
  type PackedTemplate,
  STARTERS_DIR,
  type TemplateFile,
  templateFileBytes,
  templateFileOf,
} from '../../src/template/pack.ts';
import { TEMPLATE_OVERRIDE_ENV } from '../../src/upgrade/command.ts';
import { encodeSnapshot } from '../../src/upgrade/snapshot.ts';
import { GENERATOR_VERSION } from '../../src/version.ts';
import { recordedIO } from '../helpers/io.ts';
import { tempDir } from '../helpers/temp.ts';
import { commitAll, git } from './fixtures.ts';

const template = loadTemplate();
const TARBALLS = Object.keys(template.files).filter((path) => path.startsWith('vendor/'));
const SHARED_DIRS = ['events', 'runtime', 'tools'];
const PACKED_STARTERS = 'packages/tools/starters.json';
/** A shared package's source the owner edits in the old-layout project. */
const EDITED_SOURCE = 'packages/runtime/src/index.ts';
const OWNER_SCRIPT = '    "lint": "biome check .",\n';

function answers(targetDir: string): Answers {
  return {
    targetDir,
    projectName: 'shop',
    functions: [
      { trigger: 'viewer-request', name: 'viewer-request', starter: 'blank', language: 'ts' },
    ],
    install: false,
    git: true,
    force: false,
  };
}

/**
 * The template as create wrote it before the shared packages came vendored (up to commit
 * 3629437), made from this repository's: their sources (without tests and build output) in
 * packages/, `workspace:*` links, and a pnpm-workspace.yaml without overrides. Built from the
 * sources, not from git history, so the test needs no checkout of an old commit.
 */
function oldLayoutTemplate(): PackedTemplate {
  const toWorkspaceLinks = (json: string) =>
    json.replace(/("@edge-app\/[a-z]+": )"0\.1\.0"/g, '$1"workspace:*"');
  const files: Record<string, TemplateFile> = {};
  for (const [path, file] of Object.entries(template.files)) {
    if (path.startsWith('vendor/')) continue;
    files[path] = path === 'package.json' ? { content: toWorkspaceLinks(file.content) } : file;
  }
  files['pnpm-workspace.yaml'] = {
    content: readFileSync(join(REPO_TEMPLATE_DIR, 'pnpm-workspace.yaml'), 'utf8'),
  };
  expect(files['pnpm-workspace.yaml'].content).not.toContain('overrides:');
  for (const name of SHARED_DIRS) {
    const dir = join(REPO_TEMPLATE_DIR, 'packages', name);
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const path = relative(REPO_TEMPLATE_DIR, join(entry.parentPath, entry.name))
        .split(sep)
        .join('/');
      if (/\/(?:node_modules|dist|test|starters)\/|\.test\.ts$|\.tsbuildinfo$/.test(path)) continue;
      const file = templateFileOf(readFileSync(join(REPO_TEMPLATE_DIR, path)));
      files[path] = path.endsWith('package.json')
        ? { content: toWorkspaceLinks(file.content) }
        : file;
    }
  }
  return { files, starters: template.starters };
}

/**
 * A project as that CLI generated it, with the same version number as this one (the layout
 * changed within 0.1.0): the old rendering, plus the starters packed into
 * packages/tools/starters.json, and the record of it all.
 */
function generateOldLayout(project: string, withSnapshot: boolean) {
  const old = oldLayoutTemplate();
  const rendered = renderFiles(old, answers(project));
  const written = new Map(rendered.files);
  written.delete(MANIFEST_FILE);
  written.set(
    PACKED_STARTERS,
    Buffer.from(packStarterDirectory(join(REPO_TEMPLATE_DIR, STARTERS_DIR))),
  );
  written.set(MANIFEST_FILE, manifestBytes(answers(project), written));
  if (withSnapshot) {
    const files = new Map(
      [...written]
        .filter(([path]) => path !== MANIFEST_FILE)
        .map(([path, bytes]) => [path, { bytes, executable: rendered.executable.has(path) }]),
    );
    written.set('.edge-app/base.json.gz', encodeSnapshot(GENERATOR_VERSION, files));
  }
  for (const [path, bytes] of written) {
    mkdirSync(dirname(join(project, path)), { recursive: true });
    writeFileSync(join(project, path), bytes);
    if (rendered.executable.has(path)) chmodSync(join(project, path), 0o755);
  }
  git(project, 'init', '-q');
  commitAll(project, 'generated');
  return written;
}

/** The owner's edits: one shared-package source, and a script in package.json. */
function editOldLayout(project: string) {
  writeFileSync(
    join(project, EDITED_SOURCE),
    `${readFileSync(join(project, EDITED_SOURCE), 'utf8')}// patched by the owner\n`,
  );
  const manifest = readFileSync(join(project, 'package.json'), 'utf8');
  expect(manifest).toContain('  "scripts": {\n');
  writeFileSync(
    join(project, 'package.json'),
    manifest.replace('  "scripts": {\n', `  "scripts": {\n${OWNER_SCRIPT}`),
  );
  commitAll(project, 'owner edits');
}

async function upgrade(project: string, args: string[], env: Record<string, string> = {}) {
  const io = recordedIO(project);
  io.env = { ...process.env, ...env };
  const code = await main(['upgrade', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

const read = (project: string, path: string) => readFileSync(join(project, path));
const newFile = (path: string) => templateFileBytes(template.files[path]!);

function planned(out: string, action: string, path: string): boolean {
  return out
    .split('\n')
    .some((line) => line.startsWith(`  ${action} `) && line.includes(` ${path}  (`));
}

describe('upgrading a project generated before the shared packages came vendored', () => {
  it('removes their untouched sources, keeps edited ones, adds the tarballs and merges the manifests', async () => {
    const project = join(tempDir(), 'shop');
    const old = generateOldLayout(project, true);
    editOldLayout(project);
    const sources = [...old.keys()].filter((path) =>
      /^packages\/(?:events|runtime|tools)\//.test(path),
    );
    expect(sources).toContain(PACKED_STARTERS);
    expect(sources.length).toBeGreaterThan(50);

    const dry = await upgrade(project, ['--dry-run']);
    expect(dry.err).toBe('');
    for (const path of sources) {
      expect(planned(dry.out, path === EDITED_SOURCE ? 'keep' : 'remove', path), path).toBe(true);
    }
    expect(dry.out).toContain(
      `${EDITED_SOURCE}  (removed from the template; you edited it, so kept)`,
    );
    for (const path of TARBALLS) expect(planned(dry.out, 'add', path), path).toBe(true);
    expect(planned(dry.out, 'update', 'pnpm-workspace.yaml')).toBe(true);
    expect(planned(dry.out, 'merge-clean', 'package.json')).toBe(true);

    const result = await upgrade(project, ['--yes']);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    for (const path of sources) {
      expect(existsSync(join(project, path)), path).toBe(path === EDITED_SOURCE);
    }
    expect(readdirSync(join(project, 'packages')).sort()).toEqual(['runtime', 'viewer-request']);
    expect(read(project, EDITED_SOURCE).toString()).toContain('// patched by the owner');
    for (const path of TARBALLS) expect(read(project, path).equals(newFile(path)), path).toBe(true);
    expect(read(project, 'pnpm-workspace.yaml').equals(newFile('pnpm-workspace.yaml'))).toBe(true);
    const manifest = read(project, 'package.json').toString();
    expect(manifest).toContain(OWNER_SCRIPT);
    expect(manifest).toContain('"@edge-app/tools": "0.1.0"');
    expect(manifest).not.toContain('workspace:*');
    // The record now lists the template's files, the kept source no longer among them.
    const record = JSON.parse(read(project, MANIFEST_FILE).toString());
    expect(record.files[EDITED_SOURCE]).toBeUndefined();
    expect(record.files[PACKED_STARTERS]).toBeUndefined();
    for (const path of TARBALLS) expect(record.files[path]).toBe(sha256(newFile(path)));
  });

  it('without a stored base, goes by the recorded hashes, as another build of the same version', async () => {
    const project = join(tempDir(), 'shop');
    const old = generateOldLayout(project, false);
    editOldLayout(project);

    const result = await upgrade(project, ['--yes']);
    expect(result.err).toBe('');
    expect(result.out).toContain(
      `The project was generated by another build of create-edge-app ${GENERATOR_VERSION}`,
    );
    for (const path of old.keys()) {
      if (!/^packages\/(?:events|runtime|tools)\//.test(path)) continue;
      expect(existsSync(join(project, path)), path).toBe(path === EDITED_SOURCE);
    }
    for (const path of TARBALLS) expect(read(project, path).equals(newFile(path)), path).toBe(true);
    // Untouched since generated: replaced by the new version.
    expect(read(project, 'pnpm-workspace.yaml').equals(newFile('pnpm-workspace.yaml'))).toBe(true);
    // Edited, with no old version to merge against: both sides kept as a conflict.
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/^ {2}package\.json \(\d+ conflicts?\)$/m);
    const manifest = read(project, 'package.json').toString();
    expect(manifest).toContain('<<<<<<< your version');
    expect(manifest).toContain(OWNER_SCRIPT);
    expect(manifest).toContain('"@edge-app/tools": "0.1.0"');
  });
});

describe('a vendored tarball the owner changed', () => {
  it('is a conflict without markers when the template changed it too: theirs in the index, yours on disk', async () => {
    const project = join(tempDir(), 'shop');
    mkdirSync(project);
    await renderProject(template, answers(project), project);
    git(project, 'init', '-q');
    commitAll(project, 'generated');
    const [tarball] = TARBALLS as [string];
    // The owner's patched build, and the next release's: both binary, both with a CRLF
    // in them that must not be converted.
    const ours = gzipSync(Buffer.from('owner\r\n'.repeat(100)));
    writeFileSync(join(project, tarball), ours);
    commitAll(project, 'patched the tools');
    const next = JSON.parse(JSON.stringify(template)) as PackedTemplate;
    const theirs = gzipSync(Buffer.from('release\r\n'.repeat(100)));
    next.files[tarball] = templateFileOf(theirs);
    const pack = join(dirname(project), 'next.json');
    writeFileSync(pack, JSON.stringify(next));

    const result = await upgrade(project, ['--yes'], { [TEMPLATE_OVERRIDE_ENV]: pack });
    expect(result.err).toBe('');
    expect(result.code).toBe(1);
    expect(planned(result.out, 'conflict', tarball)).toBe(true);
    expect(result.out).toContain('Conflicts in 1 binary file(s)');
    expect(result.out).toContain(`git checkout --theirs -- ${tarball}`);
    expect(read(project, tarball).equals(ours)).toBe(true);
    expect(git(project, 'status', '--porcelain')).toContain(`UU ${tarball}`);
    git(project, 'checkout', '--theirs', '--', tarball);
    expect(read(project, tarball).equals(theirs)).toBe(true);
  });
});
