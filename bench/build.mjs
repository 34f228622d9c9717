#!/usr/bin/env node
// Benchmark for `edge build` and the incremental rebuild `edge dev` relies on: a temp project
// with four functions (one per trigger, each with a local module, @edge-app/events and a
// ~60 KB dependency), built in full and rebuilt after a one-line edit. Figures are wall-time
// medians set beside bare esbuild doing only the bundling, so the ratio is the cost of what we
// add (checks through the source map, zips, writing). Targets: full < 1 s, rebuild < 100 ms.
// Nothing is asserted: the machine is shared and noisy. Run alone: `node bench/build.mjs`.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as esbuild from 'esbuild';
import { isMain, median, packagesDir, time } from './lib.mjs';

const TRIGGERS = ['viewer-request', 'origin-request', 'origin-response', 'viewer-response'];
const FULL_RUNS = 7;
const REBUILD_RUNS = 15;

/** The builder `edge build` uses, from the built @edge-app/tools. */
function loadBuilder() {
  return import('@edge-app/tools');
}

function write(root, path, content) {
  const full = join(root, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, content);
}

function handlerSource(trigger, index) {
  const target = trigger.endsWith('request') ? 'request' : 'response';
  return `import { getHeader, setHeader } from '@edge-app/events';
import { checksum } from 'bench-lib';
import { label } from './label.ts';

export const handler = async (event: any) => {
  const cf = event.Records[0].cf;
  const message = cf.${target};
  const seen = getHeader(cf.request.headers, 'user-agent') ?? 'none';
  message.headers = setHeader(message.headers, 'x-bench', label(${index}) + checksum(seen));
  return message;
};
`;
}

/** A dependency of realistic size: many small functions, some of them used. */
function benchLibSource() {
  const lines = [];
  for (let i = 0; i < 600; i++) {
    lines.push(`export function step${i}(value) { return (value * ${i + 31} + ${i}) % 1000003; }`);
  }
  lines.push(
    `export function checksum(text) { let h = 7; for (const c of text) { ${Array.from({ length: 200 }, (_, i) => `h = step${i}(h + c.charCodeAt(0));`).join(' ')} } return h.toString(36); }`,
  );
  return lines.join('\n');
}

function createProject() {
  const root = mkdtempSync(join(tmpdir(), 'edge-bench-build-'));
  write(root, 'package.json', JSON.stringify({ name: 'bench-app', private: true, type: 'module' }));
  mkdirSync(join(root, 'node_modules', '@edge-app'), { recursive: true });
  for (const name of ['events', 'runtime', 'tools']) {
    symlinkSync(join(packagesDir, name), join(root, 'node_modules', '@edge-app', name), 'dir');
  }
  write(
    root,
    'node_modules/bench-lib/package.json',
    JSON.stringify({ name: 'bench-lib', version: '1.0.0', type: 'module', main: 'index.js' }),
  );
  write(root, 'node_modules/bench-lib/index.js', benchLibSource());
  TRIGGERS.forEach((trigger, index) => {
    const dir = `packages/fn-${trigger}`;
    write(
      root,
      `${dir}/package.json`,
      JSON.stringify({
        name: `fn-${trigger}`,
        private: true,
        type: 'module',
        edge: { eventType: trigger },
      }),
    );
    write(root, `${dir}/src/index.ts`, handlerSource(trigger, index));
    write(root, `${dir}/src/label.ts`, `export const label = (n: number) => 'fn-' + n + '-';\n`);
  });
  return root;
}

/** The baseline: only the bundling `edge build` does for a Lambda bundle (node22, minified). */
function bareOptions(root, entry, outfile) {
  return {
    absWorkingDir: root,
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    minify: true,
    sourcemap: true,
    logLevel: 'silent',
  };
}

export async function run() {
  const scratch = mkdtempSync(join(tmpdir(), 'edge-bench-builder-'));
  const root = createProject();
  try {
    const { createFunctionBuilder, discoverFunctions } = await loadBuilder();
    const project = {
      root,
      config: { origins: { default: { dir: 'public' } }, defaultBehavior: { origin: 'default' } },
      functions: discoverFunctions(root),
    };

    const fullBuild = async () => {
      const builder = await createFunctionBuilder({ project, zip: true });
      await builder.build();
      await builder.dispose();
    };
    const bareEsbuild = () =>
      Promise.all(
        project.functions.map((fn) =>
          esbuild.build(bareOptions(root, fn.entry, join(root, 'bare', fn.name, 'index.mjs'))),
        ),
      );
    await fullBuild(); // warm-up: esbuild's service process and the file cache
    await bareEsbuild();
    const full = [];
    const bare = [];
    for (let i = 0; i < FULL_RUNS; i++) {
      full.push(await time(fullBuild));
      bare.push(await time(bareEsbuild));
    }

    const edited = project.functions[0];
    const labelPath = join(edited.dir, 'src', 'label.ts');
    const edit = (i) =>
      writeFileSync(labelPath, `export const label = (n: number) => 'fn-' + n + '-${i}-';\n`);
    const builder = await createFunctionBuilder({ project, incremental: true, zip: false });
    const context = await esbuild.context(
      bareOptions(root, edited.entry, join(root, 'bare-incremental', 'index.mjs')),
    );
    await builder.build();
    await context.rebuild();
    const rebuilds = [];
    const bareRebuilds = [];
    for (let i = 0; i < REBUILD_RUNS; i++) {
      edit(i);
      rebuilds.push(await time(() => builder.rebuild(edited.name)));
      edit(`bare-${i}`);
      bareRebuilds.push(await time(() => context.rebuild()));
    }
    await builder.dispose();
    await context.dispose();

    const rows = [
      [
        'full build, 4 functions (bundle, checks, zips)',
        median(full),
        median(bare),
        1000,
        FULL_RUNS,
      ],
      [
        'incremental rebuild of 1 function',
        median(rebuilds),
        median(bareRebuilds),
        100,
        REBUILD_RUNS,
      ],
    ];
    console.log('| case | edge (median) | bare esbuild (median) | ratio | target | runs |');
    console.log('|---|---|---|---|---|---|');
    for (const [name, ours, baseline, target, runs] of rows) {
      console.log(
        `| ${name} | ${ours.toFixed(1)} ms | ${baseline.toFixed(1)} ms | ${(ours / baseline).toFixed(2)}× | < ${target} ms | ${runs} |`,
      );
    }
    return rows.map(([name, ours, baseline]) => ({ name, medianMs: ours, baselineMs: baseline }));
  } finally {
    rmSync(root, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) await run();
