import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFunctionBuilder } from '../../src/build/index.ts';
import { ToolsError } from '../../src/errors.ts';
import { createTempProject, type TempProject } from './fixture.ts';
import { unzip } from './zip-reader.ts';

let project: TempProject | undefined;
afterEach(() => {
  project?.cleanup();
  project = undefined;
});

const handlerSource = `from helpers.paths import with_index

def handler(event, context):
    request = event["Records"][0]["cf"]["request"]
    request["uri"] = with_index(request["uri"])
    return request
`;

async function build(p: TempProject, zip = true) {
  const builder = await createFunctionBuilder({ project: p.project(), zip });
  try {
    return await builder.build();
  } finally {
    await builder.dispose();
  }
}

describe('createFunctionBuilder: Python functions', () => {
  it('zips src/ and vendor/ at the archive root, without caches', async () => {
    project = createTempProject({
      pyfn: {
        eventType: 'origin-request',
        language: 'python',
        files: {
          'src/index.py': handlerSource,
          'src/helpers/__init__.py': '',
          'src/helpers/paths.py':
            'def with_index(uri):\n    return uri + "index.html" if uri.endswith("/") else uri\n',
          'src/__pycache__/index.cpython-313.pyc': 'compiled',
          'src/helpers/paths.pyc': 'compiled',
          'vendor/jwtlite/__init__.py': 'def decode(token):\n    return {}\n',
          'requirements.txt': 'jwtlite==1.0\n',
          'test/test_index.py': 'def test(): pass\n',
        },
      },
    });
    const [built] = await build(project);
    expect(built).toMatchObject({
      language: 'python',
      entry: join(project.root, 'dist', 'pyfn', 'index.py'),
      handlerName: 'handler',
    });
    const entries = unzip(readFileSync(built!.zipPath!));
    expect(entries.map((e) => e.name)).toEqual([
      'helpers/__init__.py',
      'helpers/paths.py',
      'index.py',
      'jwtlite/__init__.py',
    ]);
    expect(entries.find((e) => e.name === 'index.py')?.data.toString()).toBe(handlerSource);
    expect(built!.bundleBytes).toBe(entries.reduce((sum, e) => sum + e.data.length, 0));
    // The runnable copy in dist/ is what the zip holds.
    expect(readFileSync(built!.entry, 'utf8')).toBe(handlerSource);
    expect(existsSync(join(built!.outDir, 'jwtlite', '__init__.py'))).toBe(true);
    expect(built!.modules.map((m) => m.name).sort()).toEqual(['helpers', 'index.py', 'jwtlite']);

    // A module deleted from src/ disappears from dist/ on the next build, too.
    rmSync(join(project.root, 'packages/pyfn/src/helpers/paths.py'));
    project.write('packages/pyfn/src/index.py', 'def handler(event, context):\n    return None\n');
    const [rebuilt] = await build(project);
    expect(existsSync(join(rebuilt!.outDir, 'helpers', 'paths.py'))).toBe(false);
    expect(existsSync(join(rebuilt!.outDir, 'helpers', '__init__.py'))).toBe(true);
    expect(unzip(readFileSync(rebuilt!.zipPath!)).map((e) => e.name)).toEqual([
      'helpers/__init__.py',
      'index.py',
      'jwtlite/__init__.py',
    ]);
  });

  it('asks for vendor/ with the exact pip command when requirements.txt lists packages', async () => {
    project = createTempProject({
      pyfn: {
        eventType: 'viewer-request',
        language: 'python',
        files: { 'src/index.py': handlerSource, 'requirements.txt': '# deps\nrequests==2.32.3\n' },
      },
    });
    const error = (await build(project).catch((e: unknown) => e)) as ToolsError;
    expect(error).toBeInstanceOf(ToolsError);
    expect(error.message).toContain(
      'packages/pyfn/requirements.txt but has no packages/pyfn/vendor/',
    );
    expect(error.hint).toContain(
      'pip install --target packages/pyfn/vendor --platform manylinux2014_x86_64 --implementation cp --python-version 3.13 --only-binary=:all: -r packages/pyfn/requirements.txt',
    );
  });

  it('names a missing top-level handler', async () => {
    project = createTempProject({
      pyfn: {
        eventType: 'viewer-request',
        language: 'python',
        files: {
          'src/index.py':
            'class App:\n    def handler(self, event, context):\n        return None\n',
        },
      },
    });
    const error = (await build(project).catch((e: unknown) => e)) as ToolsError;
    expect(error).toBeInstanceOf(ToolsError);
    expect(error.message).toBe('packages/pyfn/src/index.py does not define "handler".');
  });

  it('warns about compiled extensions and rejects a module that shadows a vendored one', async () => {
    project = createTempProject({
      pyfn: {
        eventType: 'origin-request',
        language: 'python',
        files: { 'src/index.py': handlerSource, 'vendor/fastlib/_speedups.so': 'ELF' },
      },
    });
    const [built] = await build(project, false);
    expect(built!.zipPath).toBeUndefined();
    expect(built!.warnings).toEqual([
      expect.stringContaining(
        'vendor/fastlib/_speedups.so is compiled code: it must be built for Linux x86_64',
      ),
    ]);
    project.write('packages/pyfn/vendor/index.py', 'shadow = True\n');
    await expect(build(project)).rejects.toThrow(
      'src/index.py and vendor/index.py would both be index.py in the zip.',
    );
  });
});
