/**
 * Command-line parsing. Pure: argv in, typed flags out, or a CliUserError naming the bad
 * argument and the valid values. Every interactive question has a flag here.
 */
import { CliUserError } from '../errors.ts';
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
  yes: boolean;
  install?: boolean;
  git?: boolean;
  force: boolean;
  help: boolean;
  version: boolean;
}

type BooleanFlag = 'yes' | 'force' | 'help' | 'version';
type ToggleFlag = 'install' | 'git';
type ValueFlag = 'triggers' | 'starter' | 'lang';

const BOOLEAN_FLAGS: Record<string, BooleanFlag> = {
  '--yes': 'yes',
  '-y': 'yes',
  '--force': 'force',
  '-f': 'force',
  '--help': 'help',
  '-h': 'help',
  '--version': 'version',
  '-v': 'version',
};
const TOGGLE_FLAGS: Record<string, [ToggleFlag, boolean]> = {
  '--install': ['install', true],
  '--no-install': ['install', false],
  '--git': ['git', true],
  '--no-git': ['git', false],
};
const VALUE_FLAGS: Record<string, ValueFlag> = {
  '--triggers': 'triggers',
  '-t': 'triggers',
  '--starter': 'starter',
  '-s': 'starter',
  '--lang': 'lang',
};

export const KNOWN_FLAGS: readonly string[] = [
  ...Object.keys(VALUE_FLAGS),
  ...Object.keys(BOOLEAN_FLAGS),
  ...Object.keys(TOGGLE_FLAGS),
].filter((flag) => flag.startsWith('--'));

export function parseArgs(argv: readonly string[]): CliFlags {
  const flags: CliFlags = { starters: {}, yes: false, force: false, help: false, version: false };
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const boolean = BOOLEAN_FLAGS[name];
    const toggle = TOGGLE_FLAGS[name];
    const valued = VALUE_FLAGS[name];
    if ((boolean || toggle) && inline !== undefined) {
      throw new CliUserError(`${name} takes no value (got "${arg}").`, `Write just ${name}.`);
    }
    if (boolean) {
      flags[boolean] = true;
    } else if (toggle) {
      flags[toggle[0]] = toggle[1];
    } else if (valued) {
      let value = inline;
      if (value === undefined) {
        const next = argv[i + 1];
        if (next === undefined || next.startsWith('-')) {
          throw new CliUserError(`${name} needs a value.`, valueHint(valued));
        }
        value = next;
        i++;
      }
      applyValue(flags, valued, value);
    } else {
      throw new CliUserError(
        `Unknown option "${name}".`,
        `Valid options: ${KNOWN_FLAGS.join(', ')}. Run create-edge-app --help for details.`,
      );
    }
  }
  if (positionals.length > 1) {
    throw new CliUserError(
      `Expected one project directory, got ${positionals.length}: ${positionals.map((p) => `"${p}"`).join(' ')}.`,
      'Quote a directory name that contains spaces, e.g. create-edge-app "my app".',
    );
  }
  if (positionals[0] !== undefined) flags.dir = positionals[0];
  checkStartersMatchTriggers(flags);
  return flags;
}

function valueHint(flag: ValueFlag): string {
  switch (flag) {
    case 'triggers':
      return `Give a comma-separated list of ${TRIGGERS.join(', ')} (or "all").`;
    case 'starter':
      return 'Give <trigger>=<starter>[:<ts|python>], e.g. --starter viewer-request=blank:ts.';
    case 'lang':
      return `Give one of ${LANGUAGES.join(', ')}.`;
  }
}

function applyValue(flags: CliFlags, flag: ValueFlag, value: string): void {
  switch (flag) {
    case 'triggers':
      flags.triggers = parseTriggers(value);
      return;
    case 'starter':
      for (const spec of splitList(value)) {
        const [trigger, choice] = parseStarterSpec(spec);
        flags.starters[trigger] = choice;
      }
      return;
    case 'lang':
      if (!isLanguage(value)) {
        throw new CliUserError(`--lang "${value}" is not a language.`, valueHint('lang'));
      }
      flags.lang = value;
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
    throw new CliUserError('--triggers is empty.', valueHint('triggers'));
  }
  const unknown = names.filter((name) => !isTrigger(name));
  if (unknown.length > 0) {
    throw new CliUserError(
      `Unknown trigger${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}.`,
      `Valid triggers: ${TRIGGERS.join(', ')} (or "all").`,
    );
  }
  // Request-flow order, duplicates dropped, whatever order they were typed in.
  return TRIGGERS.filter((trigger) => names.includes(trigger));
}

function parseStarterSpec(spec: string): [Trigger, StarterChoice] {
  const match = /^([^=]+)=([^:]+)(?::(.+))?$/.exec(spec);
  if (!match) {
    throw new CliUserError(
      `--starter "${spec}" is not <trigger>=<starter>[:<language>].`,
      valueHint('starter'),
    );
  }
  const [, trigger = '', starter = '', language] = match;
  if (!isTrigger(trigger)) {
    throw new CliUserError(
      `--starter "${spec}" names an unknown trigger "${trigger}".`,
      `Valid triggers: ${TRIGGERS.join(', ')}.`,
    );
  }
  if (language !== undefined && !isLanguage(language)) {
    throw new CliUserError(
      `--starter "${spec}" names an unknown language "${language}".`,
      `Valid languages: ${LANGUAGES.join(', ')}.`,
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
    throw new CliUserError(
      `--starter is given for ${stray.join(', ')}, which ${stray.length > 1 ? 'are' : 'is'} not in --triggers (${chosen.join(', ')}).`,
      `Add ${stray.join(', ')} to --triggers, or drop that --starter.`,
    );
  }
}
