// `pnpm gen trigger`: adds a function package from a starter and associates it with a cache
// behavior in edge.config.ts. Every prompt is also a positional argument, so
//   pnpm gen trigger viewer-request auth jwt-auth ts
// runs without a prompt (`_` asks for that one). The work is done by addFunction from
// @edge-app/tools/scaffold. Starters come with the installed @edge-app/tools and are copied
// as they are; only `*.hbs` files, if a starter has any, are
// rendered by Handlebars.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));

const EVENT_DESCRIPTIONS = {
  'viewer-request': 'before the cache, on every request',
  'origin-request': 'on cache misses, before the origin',
  'origin-response': "on the origin's answer, before caching",
  'viewer-response': 'before each response goes to the viewer',
};
const LANGUAGE_NAMES = { ts: 'TypeScript', python: 'Python' };

/** Behavior path patterns in edge.config.ts, for the optional behavior prompt. */
function behaviorPatterns(scaffold) {
  try {
    return scaffold.listBehaviorPatterns(readFileSync(join(root, 'edge.config.ts'), 'utf8'));
  } catch {
    return [];
  }
}

/** A bypass that accepts exactly the listed values and says which exist otherwise. */
function oneOf(what, values) {
  return (value) => {
    const match = values.find((v) => v.toLowerCase() === String(value).toLowerCase());
    if (match === undefined)
      throw new Error(`"${value}" is not ${what}; use one of: ${values.join(', ')}`);
    return match;
  };
}

/** The workspace's starters, opened once (the packed form is one JSON file to parse). */
let starterSource;
function starters(scaffold) {
  starterSource ??= scaffold.installedStarterSource();
  return starterSource;
}

/** The catalogue, listed once: every prompt below asks it again. */
let catalogue;
function startersFor(scaffold, eventType) {
  catalogue ??= starters(scaffold).list();
  return catalogue.filter((s) => s.eventType === eventType);
}

/** The catalogue entry of the starter chosen so far, if it exists. */
function chosenStarter(scaffold, answers) {
  return startersFor(scaffold, answers.eventType).find((s) => s.starter === answers.starter);
}

/** Renders the `*.hbs` files of a new package (starters rarely have any) and drops the suffix. */
function renderHandlebarsFiles(plop, dir, answers) {
  const rendered = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.hbs')) continue;
    const source = join(entry.parentPath ?? entry.path, entry.name);
    const target = source.slice(0, -'.hbs'.length);
    writeFileSync(target, plop.renderString(readFileSync(source, 'utf8'), answers));
    rmSync(source);
    rendered.push(relative(root, target));
  }
  return rendered;
}

/** pnpm's own path when this runs as `pnpm gen`; then `pnpm install` can run the same pnpm. */
function invokingPnpm() {
  const execPath = process.env.npm_execpath;
  return execPath && /pnpm/.test(execPath) ? execPath : undefined;
}

export default async function (plop) {
  const scaffold = await import('@edge-app/tools/scaffold');
  const patterns = behaviorPatterns(scaffold);

  plop.setActionType('add-function', async (answers) => {
    const { files } = await scaffold.addFunction({
      root,
      name: answers.name,
      eventType: answers.eventType,
      starter: answers.starter,
      language: answers.language,
      behavior: answers.behavior || undefined,
      starters: starters(scaffold),
    });
    renderHandlebarsFiles(plop, join(root, 'packages', answers.name), answers);
    const where = answers.behavior ? `behavior ${answers.behavior}` : 'the default behavior';
    return `packages/${answers.name}/ (${files.length - 1} files); edge.config.ts: ${answers.eventType} on ${where}`;
  });

  plop.setActionType('link-dependencies', async (answers) => {
    const pnpm = invokingPnpm();
    if (!pnpm) {
      return `next: run \`pnpm install\` to link the dependencies of packages/${answers.name}`;
    }
    // A new package changes the lockfile by design; pnpm freezes it when CI is set, so say so.
    const install = spawnSync(process.execPath, [pnpm, 'install', '--no-frozen-lockfile'], {
      cwd: root,
      encoding: 'utf8',
    });
    if (install.status !== 0) {
      throw new Error(
        `pnpm install failed; packages/${answers.name} was added, run \`pnpm install\` yourself.\n${install.stderr || install.stdout}`,
      );
    }
    return 'pnpm install: dependencies linked';
  });

  plop.setGenerator('trigger', {
    description: 'add a Lambda@Edge function for a CloudFront event',
    prompts: [
      {
        type: 'list',
        name: 'eventType',
        message: 'Event type',
        choices: Object.entries(EVENT_DESCRIPTIONS).map(([value, runs]) => ({
          name: `${value.padEnd(16)} runs ${runs}`,
          value,
        })),
        bypass: oneOf('a CloudFront event type', Object.keys(EVENT_DESCRIPTIONS)),
      },
      {
        type: 'input',
        name: 'name',
        message: 'Function name (its package under packages/)',
        validate: (name) => {
          const problem = scaffold.functionNameProblem(name);
          if (problem) {
            return `"${name}" is not a valid function name: ${problem}. Try "${scaffold.suggestFunctionName(name)}".`;
          }
          if (existsSync(join(root, 'packages', name))) {
            return `packages/${name} already exists; choose another name.`;
          }
          return true;
        },
      },
      {
        type: 'list',
        name: 'starter',
        message: 'Starter',
        choices: (answers) =>
          startersFor(scaffold, answers.eventType).map((s) => ({
            name: s.description ? `${s.starter.padEnd(20)} ${s.description}` : s.starter,
            value: s.starter,
          })),
        bypass: (value) => String(value),
        validate: (starter, answers) => {
          if (!answers.eventType) return true;
          const available = startersFor(scaffold, answers.eventType).map((s) => s.starter);
          return available.includes(starter)
            ? true
            : `There is no "${starter}" starter for ${answers.eventType}; use one of: ${available.join(', ')}.`;
        },
      },
      {
        type: 'list',
        name: 'language',
        message: 'Language',
        choices: (answers) =>
          (chosenStarter(scaffold, answers)?.languages ?? ['ts']).map((value) => ({
            name: LANGUAGE_NAMES[value],
            value,
          })),
        bypass: oneOf('a starter language', ['ts', 'python']),
        validate: (language, answers) => {
          const starter = chosenStarter(scaffold, answers);
          if (!starter || starter.languages.includes(language)) return true;
          return `The "${answers.starter}" starter for ${answers.eventType} has no ${LANGUAGE_NAMES[language]} version; it comes in: ${starter.languages.join(', ')}.`;
        },
      },
      {
        type: 'list',
        name: 'behavior',
        message: 'Cache behavior',
        // Asked only at a terminal when edge.config.ts has behaviors besides the default, so a
        // run with four arguments never waits for input; a fifth argument always answers it.
        when: Boolean(process.stdin.isTTY) && patterns.length > 0,
        choices: [{ name: 'default behavior', value: '' }, ...patterns],
        bypass: (value) => (String(value) === 'default' ? '' : String(value)),
        validate: (pattern) =>
          pattern === '' || patterns.includes(pattern)
            ? true
            : `edge.config.ts has no behavior with pathPattern "${pattern}"; use one of: default, ${patterns.join(', ')}.`,
      },
    ],
    actions: [{ type: 'add-function' }, { type: 'link-dependencies' }],
  });
}
