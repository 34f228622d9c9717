import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveBase } from '../../src/upgrade/base.ts';
import { readRecord } from '../../src/upgrade/record.ts';
import { GENERATOR_VERSION } from '../../src/version.ts';
import { tempDir } from '../helpers/temp.ts';
import { generate, tinyTemplate } from './fixtures.ts';

const OLD = tinyTemplate({ 'src/a.ts': 'old\n' });
const OWN = tinyTemplate({ 'src/a.ts': 'own\n' });

async function project() {
  const root = join(tempDir(), 'shop');
  await generate(root, OLD);
  return { root, record: readRecord(root) };
}

const refuseFetch = async (spec: string) => {
  throw new Error(`unexpected fetch of ${spec}`);
};

describe('resolveBase', () => {
  it('takes the stored snapshot when it is of the recorded version', async () => {
    const { root, record } = await project();
    const base = await resolveBase({
      root,
      record,
      cliVersion: '9.9.9',
      ownTemplate: () => OWN,
      fetchPublished: refuseFetch,
    });
    expect(base.source).toBe('snapshot');
    expect(base.files.get('src/a.ts')?.bytes.toString()).toBe('old\n');
  });

  it('renders the published template of the recorded version when nothing better exists', async () => {
    const { root, record } = await project();
    const older = { ...record, generator: { ...record.generator, version: '0.0.0-alpha' } };
    const fetched: string[] = [];
    const base = await resolveBase({
      root,
      record: older,
      cliVersion: GENERATOR_VERSION,
      ownTemplate: () => OWN,
      fetchPublished: async (spec) => {
        fetched.push(spec);
        return OLD;
      },
    });
    expect(fetched).toEqual(['create-edge-app@0.0.0-alpha']);
    expect(base.source).toBe('npm');
    expect(base.notes[0]).toContain(`The stored base is of ${GENERATOR_VERSION}, not 0.0.0-alpha`);
    // Rendered with the recorded answers: the project name is the recorded one.
    expect(base.files.get('README.md')?.bytes.toString()).toBe(
      readFileSync(join(root, 'README.md'), 'utf8'),
    );
  });
});
