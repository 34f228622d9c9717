import { afterEach, describe, expect, it } from 'vitest';
import { createTempProject, type TempProject, writeDependency } from './fixture.ts';
import { buildAll, buildError } from './helpers.ts';

let project: TempProject | undefined;
afterEach(() => {
  project?.cleanup();
  project = undefined;
});

describe('edge traps', () => {
  it('refuses native addons with the reason and an alternative', async () => {
    project = createTempProject({
      native: {
        eventType: 'origin-request',
        files: {
          'src/index.ts':
            "import { hash } from 'fast-hash';\nexport const handler = async () => hash();\n",
        },
      },
    });
    writeDependency(project, 'fast-hash', {
      'index.js': "module.exports = require('node-gyp-build')(__dirname);",
    });
    writeDependency(project, 'node-gyp-build', { 'index.js': 'module.exports = () => ({});' });
    const error = await buildError(project);
    expect(error.message).toContain(
      'Package "fast-hash" loads a native addon through "node-gyp-build"',
    );
    expect(error.message).toContain('node_modules/fast-hash/index.js:1:');

    project.write(
      'packages/native/src/index.ts',
      "import addon from './build/Release/hash.node';\nexport const handler = async () => addon;\n",
    );
    const direct = await buildError(project);
    expect(direct.message).toContain(
      '"./build/Release/hash.node" is a native addon (compiled .node file), which cannot be bundled for Lambda@Edge.',
    );
    expect(direct.message).toContain('packages/native/src/index.ts:1:');
  });

  it('explains aws-sdk v2: an error when absent, a warning when bundled', async () => {
    const files = {
      'src/index.ts':
        "import AWS from 'aws-sdk';\nexport const handler = async () => String(AWS);\n",
    };
    project = createTempProject({ legacy: { eventType: 'origin-request', files } });
    const absent = await buildError(project);
    expect(absent.message).toContain(
      '"aws-sdk" (AWS SDK v2) is not installed, and the nodejs22.x runtime does not provide it.',
    );
    expect(absent.message).toContain('Use AWS SDK v3');

    writeDependency(project, 'aws-sdk', { 'index.js': 'module.exports = { v: 2 };' });
    const [built] = await buildAll(project);
    expect(built!.warnings.join('\n')).toContain('"aws-sdk" is AWS SDK v2: it is bundled in full');
  });
});
