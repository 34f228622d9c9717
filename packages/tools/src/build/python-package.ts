/**
 * A Python function ships as its source: every file under `src/` at the root of the zip (so
 * the Lambda handler is `index.handler`), plus pure-Python dependencies from `vendor/`, also at
 * the root, so `import jwt` finds them without touching sys.path.
 *
 * The build does not run pip: installing needs the network and a Python matching the Lambda
 * runtime. A package with a requirements.txt vendors its dependencies once with the command
 * the error below prints, and commits or caches `vendor/`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ToolsError } from '../errors.ts';
import type { FunctionPackage } from '../project.ts';
import { groupModuleSizes, outputWriter, removeStaleEntries, toPosix, writeZip } from './output.ts';
import { PYTHON_RUNTIME } from './targets.ts';
import type { BuiltFunction } from './types.ts';
import type { ZipEntry } from './zip.ts';

const SKIPPED_DIRECTORIES = new Set(['__pycache__', '.pytest_cache', '.mypy_cache']);
const SKIPPED_FILES = /\.(pyc|pyo)$|^\.DS_Store$/;
const NATIVE_EXTENSION = /\.(so|pyd|dylib)$/;

export function buildPythonFunction(
  fn: FunctionPackage,
  settings: { root: string; zip: boolean; handlerName: string; incremental: boolean },
): BuiltFunction {
  const vendorDir = join(fn.dir, 'vendor');
  const requirements = join(fn.dir, 'requirements.txt');
  if (existsSync(requirements) && hasRequirements(requirements) && !existsSync(vendorDir)) {
    const packageDir = toPosix(relative(settings.root, fn.dir));
    throw new ToolsError(
      'build',
      `Function "${fn.name}" lists dependencies in ${packageDir}/requirements.txt but has no ${packageDir}/vendor/ directory.`,
      {
        hint: `Install them for the Lambda runtime (${PYTHON_RUNTIME}, x86_64) once: pip install --target ${packageDir}/vendor --platform manylinux2014_x86_64 --implementation cp --python-version ${PYTHON_RUNTIME.replace('python', '')} --only-binary=:all: -r ${packageDir}/requirements.txt`,
      },
    );
  }

  assertDefinesHandler(fn, settings);
  const files = new Map<string, { path: string; origin: 'src' | 'vendor' }>();
  for (const [origin, dir] of [
    ['vendor', vendorDir],
    ['src', join(fn.dir, 'src')],
  ] as const) {
    if (!existsSync(dir)) continue;
    for (const path of walk(dir)) {
      const name = toPosix(relative(dir, path));
      const clash = files.get(name);
      if (clash) {
        throw new ToolsError(
          'build',
          `Function "${fn.name}": src/${name} and vendor/${name} would both be ${name} in the zip.`,
          { hint: 'Rename the module in src/ so it does not shadow the vendored one.' },
        );
      }
      files.set(name, { path, origin });
    }
  }

  const outDir = join(settings.root, 'dist', fn.name);
  removeStaleEntries(outDir, new Set(files.keys()));
  const write = outputWriter(settings.incremental);
  const entries: ZipEntry[] = [];
  const warnings: string[] = [];
  for (const [name, file] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const data = readFileSync(file.path);
    entries.push({ name, data });
    write(join(outDir, name), data);
    if (NATIVE_EXTENSION.test(name)) {
      warnings.push(
        `${file.origin}/${name} is compiled code: it must be built for Linux x86_64 and ${PYTHON_RUNTIME} (Lambda@Edge runs x86_64 only).`,
      );
    }
  }

  const built: BuiltFunction = {
    name: fn.name,
    eventType: fn.eventType,
    language: 'python',
    outDir,
    entry: join(outDir, 'index.py'),
    handlerName: settings.handlerName,
    bundleBytes: entries.reduce((sum, entry) => sum + entry.data.length, 0),
    modules: groupModuleSizes(
      entries.map((entry) => [entry.name, entry.data.length]),
      (name) => (name.includes('/') ? name.split('/')[0] : undefined),
    ),
    inputs: [...files.values()].map((file) => file.path).sort(),
    externalImports: [],
    warnings,
  };
  const zip = writeZip(outDir, settings.zip ? entries : undefined, write);
  return zip ? { ...built, ...zip } : built;
}

/** Lambda looks the handler up by name at the module's top level: `index.handler`. */
function assertDefinesHandler(
  fn: FunctionPackage,
  settings: { root: string; handlerName: string },
) {
  const name = settings.handlerName;
  const topLevel = new RegExp(
    `^(async\\s+)?def\\s+${name}\\s*\\(|^${name}\\s*=|^from\\s+\\S+\\s+import\\s+.*\\b${name}\\b`,
    'm',
  );
  if (topLevel.test(readFileSync(fn.entry, 'utf8'))) return;
  throw new ToolsError(
    'build',
    `${toPosix(relative(settings.root, fn.entry))} does not define "${name}".`,
    {
      hint: `Lambda calls index.${name}: \`def ${name}(event, context):\` at the top level of the file.`,
    },
  );
}

function hasRequirements(path: string): boolean {
  return readFileSync(path, 'utf8')
    .split('\n')
    .some((line) => line.trim() !== '' && !line.trim().startsWith('#'));
}

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) yield* walk(path);
    } else if (!SKIPPED_FILES.test(entry.name) && statSync(path).isFile()) {
      yield path;
    }
  }
}
