import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addFunction } from '@edge-app/tools/scaffold';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../../src/hash.ts';
import { BASE_FILE, encodeBase, readStoredBase } from '../../src/render/base.ts';
import { renderProject } from '../../src/render/render.ts';
import { loadTemplate, templateFileBytes } from '../../src/template/template.ts';
import { findAddedFunctions } from '../../src/upgrade/base/added-functions.ts';
import { completeFromPublished, resolveBase } from '../../src/upgrade/base/resolve.ts';
import { recordHoldsTemplateHashes } from '../../src/upgrade/base/trust.ts';
import { loadHistory } from '../../src/upgrade/history/archive.ts';
import { readRecord } from '../../src/upgrade/record.ts';
import { tempDir } from '../helpers/temp.ts';
import { commitAll, generate, git, tinyAnswers, tinyTemplate } from './fixtures.ts';

const OLD = tinyTemplate({ 'src/a.ts': 'old\n' });
const own = loadTemplate();
const history = loadHistory();
const STARTERS = join(import.meta.dirname, '..', '..', '..', '..', 'templates', 'starters');

function project() {
  const root = join(tempDir(), 'shop');
  generate(root, OLD);
  return { root, record: readRecord(root) };
}

function sources(root: string, record = readRecord(root)) {
  return {
    root,
    record,
    functions: record.answers.functions,
    own: () => own,
    history: () => history,
  };
}

/** The record as a build before 0.2.0 wrote it: no format, hashes of the files as written. */
function formatOne(root: string, files?: Record<string, string>) {
  const record = JSON.parse(readFileSync(join(root, '.edge-app.json'), 'utf8'));
  delete record.format;
  if (files) record.files = files;
  writeFileSync(join(root, '.edge-app.json'), `${JSON.stringify(record, null, 2)}\n`);
}

describe('resolveBase', () => {
  it('takes the stored base when it is of the recorded version', async () => {
    const { root } = project();
    const base = await resolveBase(sources(root));
    expect(base.source).toBe(`stored in ${BASE_FILE}`);
    expect(base.files.get('src/a.ts')?.bytes?.toString()).toBe('old\n');
    expect(base.recordedHashesTrusted).toBe(true);
  });

  it('passes over a stored base of another version and rebuilds from the template history', async () => {
    const root = join(tempDir(), 'shop');
    renderProject(own, tinyAnswers(root), root);
    const stored = readStoredBase(root);
    if (stored.kind !== 'found') throw new Error(stored.kind);
    const files = new Map([['README.md', { bytes: Buffer.from('# another\n') }]]);
    writeFileSync(join(root, BASE_FILE), encodeBase('0.0.1', files));
    const base = await resolveBase(sources(root));
    expect(base.notes[0]).toContain(`${BASE_FILE} is the base of 0.0.1`);
    expect(base.source).toBe('rebuilt from the template history');
    expect(base.files.get('README.md')?.bytes).toEqual(readFileSync(join(root, 'README.md')));
    expect([...base.files.keys()].sort()).toEqual([...stored.base.files.keys()].sort());
  });
});

describe('recordHoldsTemplateHashes', () => {
  it('trusts a record in format 2, and one from before 0.2.0 that create wrote', async () => {
    const { root, record } = project();
    expect(await recordHoldsTemplateHashes(root, record, true)).toEqual({ trusted: true });
    formatOne(root);
    unlinkSync(join(root, BASE_FILE));
    expect((await recordHoldsTemplateHashes(root, readRecord(root), false)).trusted).toBe(true);
  });

  it('does not trust an older record an upgrade of that time rewrote', async () => {
    const { root } = project();
    formatOne(root);
    // Every such upgrade stored a base beside the record.
    const stored = await recordHoldsTemplateHashes(root, readRecord(root), true);
    expect(stored.trusted).toBe(false);
    expect(stored.reason).toContain('rewritten by an upgrade before 0.2.0');
    // And in git, the record's files are not what was first committed.
    unlinkSync(join(root, BASE_FILE));
    git(root, 'init', '-q');
    commitAll(root, 'generated');
    const record = readRecord(root);
    formatOne(root, { ...record.files, 'src/a.ts': sha256('old, with my edits\n') });
    commitAll(root, 'an old upgrade');
    expect((await recordHoldsTemplateHashes(root, readRecord(root), false)).trusted).toBe(false);
  });
});

describe('completeFromPublished (the last resort)', () => {
  it('takes only files that hash as recorded, and says what it could not do', async () => {
    const { root, record } = project();
    const base = await resolveBase(sources(root));
    base.files.clear();
    await completeFromPublished(base, record, ['src/a.ts'], async () => OLD);
    expect(base.files.get('src/a.ts')?.bytes?.toString()).toBe('old\n');
    expect(base.notes.at(-1)).toContain('came from create-edge-app');

    base.files.clear();
    await completeFromPublished(base, record, ['src/a.ts'], async () =>
      tinyTemplate({ 'src/a.ts': 'not what was generated\n' }),
    );
    expect(base.files.has('src/a.ts')).toBe(false);
    expect(base.notes.at(-1)).toContain('src/a.ts: no version of the template hashes as');

    await completeFromPublished(base, record, ['src/a.ts'], async () => {
      throw new Error(
        'npm pack create-edge-app@0.0.0 failed: the npm registry cannot be reached (offline?)',
      );
    });
    expect(base.notes.at(-1)).toContain('the npm registry cannot be reached (offline?)');
    expect(base.notes.at(-1)).toContain('merged as files both sides created');
  });
});

describe('findAddedFunctions', () => {
  it('finds a function `pnpm gen trigger` added, its starter, and the base of its files', async () => {
    const root = join(tempDir(), 'shop');
    const answers = {
      ...tinyAnswers(root),
      functions: [
        {
          trigger: 'viewer-request' as const,
          name: 'viewer-request',
          starter: 'blank',
          language: 'ts' as const,
        },
      ],
    };
    renderProject(own, answers, root);
    await addFunction({
      root,
      name: 'rewrite',
      eventType: 'origin-request',
      starter: 'blank',
      language: 'ts',
      startersDir: STARTERS,
    });
    const handler = join(root, 'packages/rewrite/src/index.ts');
    const original = readFileSync(handler);
    writeFileSync(handler, `${original}// mine\n`);

    const found = findAddedFunctions({
      root,
      record: readRecord(root),
      own,
      history: () => history,
      rootManifest: readFileSync(join(root, 'package.json')),
    });
    expect(found.functions).toEqual([
      { trigger: 'origin-request', name: 'rewrite', starter: 'blank', language: 'ts' },
    ]);
    // The edited handler's base is the starter's, as the untouched files date it.
    expect(found.base.get('packages/rewrite/src/index.ts')?.bytes).toEqual(original);
    expect(found.base.get('packages/rewrite/src/index.ts')?.bytes).toEqual(
      templateFileBytes(own.starters['origin-request/blank/ts/src/index.ts']!),
    );
    expect(found.base.get('packages/rewrite/package.json')?.bytes).toEqual(
      readFileSync(join(root, 'packages/rewrite/package.json')),
    );
    // The answered function is no added one.
    expect(found.functions.some((fn) => fn.name === 'viewer-request')).toBe(false);
  });
});
