// `pnpm gen trigger`: adds a function package from a starter and associates it with a cache
// behavior in edge.config.ts, adding that behavior first for a new path pattern. Every
// question is also a positional argument, so
//   pnpm gen trigger viewer-request auth jwt-auth ts '/api/*'
// runs without a prompt (`_` asks for that one). What edge.config.ts allows is checked before
// the first question; without a terminal nothing is asked, and a missing answer is an error.
// The work is done by @edge-app/tools/scaffold (resolveTriggerAnswers, addFunction). Starters
// come with the installed @edge-app/tools and are copied as they are; only `*.hbs` files, if
// a starter has any, are rendered by Handlebars.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));

/** The workspace's starters, opened once (the packed form is one JSON file to parse). */
let starterSource;
function starters(scaffold) {
  starterSource ??= scaffold.installedStarterSource();
  return starterSource;
}

/** The questions through plop's inquirer, one at a time. */
function inquirerQuestions(inquirer) {
  return {
    async select(message, choices) {
      const { answer } = await inquirer.prompt([
        { type: 'list', name: 'answer', message, choices },
      ]);
      return answer;
    },
    async input(message, validate) {
      const { answer } = await inquirer.prompt([
        { type: 'input', name: 'answer', message, validate },
      ]);
      return answer;
    },
  };
}

/**
 * A refusal, said plainly on stderr (plop would print it in colour, even without a terminal),
 * and the end of the run: nothing has been written when one is thrown.
 */
function refuse(scaffold, error) {
  if (!(error instanceof scaffold.ToolsError)) throw error;
  process.stderr.write(`✖ ${error.message}\n${error.hint ? `  ${error.hint}\n` : ''}`);
  process.exit(1);
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

  plop.setActionType('add-function', async (answers) => {
    let files;
    try {
      ({ files } = await scaffold.addFunction({
        root,
        name: answers.name,
        eventType: answers.eventType,
        starter: answers.starter,
        language: answers.language,
        behavior: answers.behavior,
        createBehavior: answers.createBehavior,
        starters: starters(scaffold),
      }));
    } catch (error) {
      refuse(scaffold, error);
    }
    renderHandlebarsFiles(plop, join(root, 'packages', answers.name), answers);
    const where = answers.behavior
      ? `${answers.createBehavior ? 'new behavior' : 'behavior'} ${answers.behavior}`
      : 'the default behavior';
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
    // One function for all the questions, so what edge.config.ts allows decides which are
    // asked and in what order; plop's positional answers are read here.
    prompts: async (inquirer) => {
      try {
        const configPath = join(root, 'edge.config.ts');
        if (!existsSync(configPath)) {
          throw new scaffold.ToolsError('scaffold', `No edge.config.ts in ${root}.`, {
            hint: 'Run this from the root of a workspace made by create-edge-app.',
          });
        }
        return await scaffold.resolveTriggerAnswers({
          config: readFileSync(configPath, 'utf8'),
          args: scaffold.triggerArguments(process.argv.slice(2)),
          catalogue: starters(scaffold).list(),
          packageExists: (name) => existsSync(join(root, 'packages', name)),
          questions: process.stdin.isTTY ? inquirerQuestions(inquirer) : undefined,
        });
      } catch (error) {
        refuse(scaffold, error);
      }
    },
    actions: [{ type: 'add-function' }, { type: 'link-dependencies' }],
  });
}
