/**
 * Command-line parsing with node:util's parseArgs. Pure: argv in, typed flags out, or a
 * CliError naming the bad argument and the valid values. Every interactive question has a
 * flag here.
 */
import { type ParseArgsConfig, parseArgs as parseNodeArgs } from 'node:util';
import { CliError } from '../errors.ts';
import {
  isLanguage,
  isTrigger,
  LANGUAGES,
  type Language,
  TRIGGERS,
  type Trigger,
} from '../triggers.ts';

export interface StarterChoice {
  starter: string;
  /** Absent: the --lang default, else the starter's first language. */
  language?: Language;
}

export interface CliFlags {
  /** The positional argument: where to create the project (its basename is the name). */
  dir?: string;
  triggers?: Trigger[];
  starters: Partial<Record<Trigger, StarterChoice>>;
  lang?: Language;
  /** Ask the language for each function instead of once (at a terminal). */
  langPerTrigger: boolean;
  yes: boolean;
  install?: boolean;
  git?: boolean;
  force: boolean;
  help: boolean;
  version: boolean;
}

type Options = NonNullable<ParseArgsConfig['options']>;

const CREATE_OPTIONS = {
  triggers: { type: 'string', short: 't' },
  starter: { type: 'string', short: 's', multiple: true },
  lang: { type: 'string' },
  'lang-per-trigger': { type: 'boolean' },
  yes: { type: 'boolean', short: 'y' },
  force: { type: 'boolean', short: 'f' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
  install: { type: 'boolean' },
  'no-install': { type: 'boolean' },
  git: { type: 'boolean' },
  'no-git': { type: 'boolean' },
} satisfies Options;

export function parseArgs(argv: readonly string[]): CliFlags {
  const { values, positionals, tokens } = parseOrExplain(argv, CREATE_OPTIONS, 'create-edge-app');
  const flags: CliFlags = {
    starters: {},
    langPerTrigger: values['lang-per-trigger'] === true,
    yes: values.yes === true,
    force: values.force === true,
    help: values.help === true,
    version: values.version === true,
  };
  // --install/--no-install and --git/--no-git: the last one given wins.
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    if (token.name === 'install' || token.name === 'no-install') {
      flags.install = token.name === 'install';
    }
    if (token.name === 'git' || token.name === 'no-git') flags.git = token.name === 'git';
  }
  if (values.triggers !== undefined) flags.triggers = parseTriggers(values.triggers);
  for (const spec of (values.starter ?? []).flatMap(splitList)) {
    const [trigger, choice] = parseStarterSpec(spec);
    if (flags.starters[trigger]) {
      throw new CliError('invalid-argument', `--starter names ${trigger} twice.`, {
        hint: `Give one starter per trigger, e.g. --starter ${trigger}=${choice.starter}.`,
      });
    }
    flags.starters[trigger] = choice;
  }
  if (values.lang !== undefined) {
    if (!isLanguage(values.lang)) {
      throw new CliError('invalid-argument', `--lang "${values.lang}" is not a language.`, {
        hint: valueHint('lang'),
      });
    }
    flags.lang = values.lang;
    if (flags.langPerTrigger) {
      throw new CliError(
        'invalid-argument',
        '--lang and --lang-per-trigger contradict each other.',
        {
          hint: 'Give --lang <ts|python> for every function, or --lang-per-trigger to be asked for each (or name one per starter: --starter <trigger>=<starter>:<language>).',
        },
      );
    }
  }
  if (positionals.length > 1) {
    throw new CliError(
      'invalid-argument',
      `Expected one project directory, got ${positionals.length}: ${positionals.map((p) => `"${p}"`).join(' ')}.`,
      { hint: 'Quote a directory name that contains spaces, e.g. create-edge-app "my app".' },
    );
  }
  if (positionals[0] !== undefined) flags.dir = positionals[0];
  checkStartersMatchTriggers(flags);
  return flags;
}

/**
 * node:util's parseArgs, its errors (an unknown option, a missing value, a value given to a
 * switch) reworded as CliErrors that list the valid options.
 */
export function parseOrExplain<O extends Options>(
  argv: readonly string[],
  options: O,
  command: string,
) {
  try {
    return parseNodeArgs({
      args: [...argv],
      options,
      allowPositionals: true,
      strict: true,
      tokens: true,
    });
  } catch (error) {
    const valid = Object.keys(options).map((name) => `--${name}`);
    throw new CliError('invalid-argument', rewordParseError(error as Error), {
      hint: `Valid options: ${valid.join(', ')}. Run ${command} --help for details.`,
      cause: error,
    });
  }
}

/** `Option '-t, --triggers <value>' argument missing` → `--triggers needs a value.` */
function rewordParseError(error: Error): string {
  const named = /'(?:-\w, )?(--?[\w-]+)/.exec(error.message)?.[1] ?? '';
  if (/Unknown option/.test(error.message)) return `Unknown option "${named}".`;
  if (/does not take an argument/.test(error.message)) return `${named} takes no value.`;
  if (/argument missing|ambiguous/.test(error.message)) return `${named} needs a value.`;
  return error.message.split('\n')[0] as string;
}

function valueHint(flag: 'triggers' | 'starter' | 'lang'): string {
  switch (flag) {
    case 'triggers':
      return `Give a comma-separated list of ${TRIGGERS.join(', ')} (or "all").`;
    case 'starter':
      return 'Give <trigger>=<starter>[:<ts|python>], e.g. --starter viewer-request=blank:ts.';
    case 'lang':
      return `Give one of ${LANGUAGES.join(', ')}.`;
  }
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

export function parseTriggers(value: string): Trigger[] {
  const names = splitList(value);
  if (names.length === 1 && names[0] === 'all') return [...TRIGGERS];
  if (names.length === 0) {
    throw new CliError('invalid-argument', '--triggers is empty.', { hint: valueHint('triggers') });
  }
  const unknown = names.filter((name) => !isTrigger(name));
  if (unknown.length > 0) {
    throw new CliError(
      'invalid-argument',
      `Unknown trigger${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}.`,
      { hint: `Valid triggers: ${TRIGGERS.join(', ')} (or "all").` },
    );
  }
  // Request-flow order, duplicates dropped, whatever order they were typed in.
  return TRIGGERS.filter((trigger) => names.includes(trigger));
}

function parseStarterSpec(spec: string): [Trigger, StarterChoice] {
  const match = /^([^=]+)=([^:]+)(?::(.+))?$/.exec(spec);
  if (!match) {
    throw new CliError(
      'invalid-argument',
      `--starter "${spec}" is not <trigger>=<starter>[:<language>].`,
      { hint: valueHint('starter') },
    );
  }
  const [, trigger = '', starter = '', language] = match;
  if (!isTrigger(trigger)) {
    throw new CliError(
      'invalid-argument',
      `--starter "${spec}" names an unknown trigger "${trigger}".`,
      { hint: `Valid triggers: ${TRIGGERS.join(', ')}.` },
    );
  }
  if (language !== undefined && !isLanguage(language)) {
    throw new CliError(
      'invalid-argument',
      `--starter "${spec}" names an unknown language "${language}".`,
      { hint: `Valid languages: ${LANGUAGES.join(', ')}.` },
    );
  }
  return [trigger, language ? { starter, language } : { starter }];
}

/** A starter for a trigger that was not chosen is almost certainly a typo in --triggers. */
function checkStartersMatchTriggers(flags: CliFlags): void {
  if (!flags.triggers) return;
  const chosen = flags.triggers;
  const stray = (Object.keys(flags.starters) as Trigger[]).filter((t) => !chosen.includes(t));
  if (stray.length > 0) {
    throw new CliError(
      'invalid-argument',
      `--starter is given for ${stray.join(', ')}, which ${stray.length > 1 ? 'are' : 'is'} not in --triggers (${chosen.join(', ')}).`,
      { hint: `Add ${stray.join(', ')} to --triggers, or drop that --starter.` },
    );
  }
}
