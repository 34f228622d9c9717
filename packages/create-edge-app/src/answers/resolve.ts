/**
 * Phase 1: the answers. Flags first; what they leave open is asked (interactive run) or
 * defaulted (--yes). A non-interactive run without --yes that leaves anything open is an
 * error naming the flags to pass: it never reaches a prompt, so it can never hang.
 */
import { basename, resolve } from 'node:path';
import type { StarterInfo } from '@edge-app/tools/scaffold';
import type { CliFlags } from '../cli/args.ts';
import { CliError } from '../errors.ts';
import { LANGUAGES, type Language, TRIGGERS, type Trigger } from '../triggers.ts';
import { describeEntries, inspectTarget } from '../write/target.ts';
import { checkProjectName } from './name.ts';
import type { Prompter } from './prompter.ts';
import type { Answers, FunctionAnswer } from './types.ts';

export const DEFAULT_DIR = 'edge-app';
export const DEFAULT_STARTER = 'blank';

export interface ResolveInput {
  flags: CliFlags;
  cwd: string;
  catalogue: readonly StarterInfo[];
  /** Present exactly when the run is interactive. */
  prompter?: Prompter | undefined;
}

export async function resolveAnswers({
  flags,
  cwd,
  catalogue,
  prompter,
}: ResolveInput): Promise<Answers> {
  if (!prompter && !flags.yes) refuseMissingFlags(flags);

  let dir = flags.dir;
  if (dir === undefined && prompter) {
    dir = await prompter.projectDir(DEFAULT_DIR, (value) => nameProblem(resolve(cwd, value)));
  }
  const targetDir = resolve(cwd, dir ?? DEFAULT_DIR);
  const projectName = checkedProjectName(targetDir, dir ?? DEFAULT_DIR);

  let force = flags.force;
  const target = inspectTarget(targetDir);
  if (target.kind === 'non-empty' && !force) {
    const entries = describeEntries(target.entries);
    if (prompter && (await prompter.confirmNonEmpty(dir ?? DEFAULT_DIR, entries))) {
      force = true;
    } else {
      throw new CliError('invalid-answer', `${targetDir} is not empty: ${entries}.`, {
        hint: 'Choose a new directory, or pass --force to write into this one (files at the same paths are replaced; the others are kept).',
      });
    }
  }

  const triggers = flags.triggers ?? (prompter ? await prompter.triggers(TRIGGERS) : [...TRIGGERS]);
  refuseStrayStarters(flags, triggers);
  const language = await resolveSharedLanguage(triggers, flags, catalogue, prompter);
  const functions: FunctionAnswer[] = [];
  for (const trigger of triggers) {
    functions.push(await resolveFunction(trigger, flags, catalogue, prompter, language));
  }
  const install =
    flags.install ??
    (prompter ? await prompter.confirm('Install dependencies with pnpm?', true) : true);
  const git =
    flags.git ??
    (prompter
      ? await prompter.confirm('Create a git repository with a first commit?', true)
      : true);
  return { targetDir, projectName, functions, install, git, force };
}

/** Without a terminal and without --yes, every question needs its flag. */
function refuseMissingFlags(flags: CliFlags): void {
  const missing: string[] = [];
  if (flags.dir === undefined) missing.push('a project directory');
  if (!flags.triggers) missing.push('--triggers');
  for (const trigger of flags.triggers ?? []) {
    if (!flags.starters[trigger]) missing.push(`--starter ${trigger}=<starter>`);
  }
  if (flags.install === undefined) missing.push('--install or --no-install');
  if (flags.git === undefined) missing.push('--git or --no-git');
  if (missing.length === 0) return;
  throw new CliError(
    'invalid-answer',
    `No terminal to ask questions on, and these were not given: ${missing.join(', ')}.`,
    {
      hint: `Pass --yes to use the defaults for anything not given (directory "${DEFAULT_DIR}", all triggers, the "${DEFAULT_STARTER}" starters, install, git), or pass those options.`,
    },
  );
}

/** A --starter for a trigger that was not chosen would be silently dropped otherwise. */
function refuseStrayStarters(flags: CliFlags, triggers: readonly Trigger[]): void {
  const stray = (Object.keys(flags.starters) as Trigger[]).filter((t) => !triggers.includes(t));
  if (stray.length === 0) return;
  throw new CliError(
    'invalid-answer',
    `--starter names ${stray.join(', ')}, but ${stray.length > 1 ? 'they were' : 'it was'} not chosen as a trigger (chosen: ${triggers.join(', ')}).`,
    { hint: `Choose ${stray.join(', ')} too, or drop that --starter.` },
  );
}

function nameProblem(targetDir: string): string | undefined {
  const check = checkProjectName(basename(targetDir));
  if (check.valid) return undefined;
  return `"${basename(targetDir)}" cannot be a package name: ${check.problems.join('; ')}. Try "${check.suggestion}".`;
}

function checkedProjectName(targetDir: string, typed: string): string {
  const name = basename(targetDir);
  const check = checkProjectName(name);
  if (check.valid) return name;
  throw new CliError(
    'invalid-answer',
    `"${name}" (the last part of "${typed}") is not a valid npm package name: ${check.problems.join('; ')}.`,
    {
      hint: `The directory name becomes the project's package name. Use "${check.suggestion}" instead, e.g. create-edge-app ${check.suggestion}`,
    },
  );
}

/**
 * The language every function is written in: --lang, else asked once at a terminal when the
 * starters left open come in more than one (unless --lang-per-trigger asks per function).
 * `strict`: the user named it with --lang, so a starter without it is an error; an answer at
 * the prompt only narrows the starters offered.
 */
interface SharedLanguage {
  language: Language;
  strict: boolean;
}

async function resolveSharedLanguage(
  triggers: readonly Trigger[],
  flags: CliFlags,
  catalogue: readonly StarterInfo[],
  prompter: Prompter | undefined,
): Promise<SharedLanguage | undefined> {
  if (flags.lang !== undefined) return { language: flags.lang, strict: true };
  if (!prompter || flags.langPerTrigger) return undefined;
  const offered = new Set<Language>();
  for (const trigger of triggers) {
    const chosen = flags.starters[trigger];
    if (chosen?.language !== undefined) continue;
    for (const starter of catalogue) {
      if (starter.eventType !== trigger) continue;
      if (chosen && starter.starter !== chosen.starter) continue;
      for (const language of starter.languages) offered.add(language);
    }
  }
  const languages = LANGUAGES.filter((language) => offered.has(language));
  if (languages.length < 2) return undefined;
  return { language: await prompter.languageForAll(languages), strict: false };
}

async function resolveFunction(
  trigger: Trigger,
  flags: CliFlags,
  catalogue: readonly StarterInfo[],
  prompter: Prompter | undefined,
  shared: SharedLanguage | undefined,
): Promise<FunctionAnswer> {
  const available = catalogue.filter((s) => s.eventType === trigger);
  if (available.length === 0) {
    throw new Error(`The template has no starters for ${trigger}.`);
  }
  const chosen = flags.starters[trigger];
  let starterName = chosen?.starter;
  if (starterName === undefined) {
    // A language answered at the prompt offers the starters that come in it.
    const inLanguage =
      shared && !shared.strict
        ? available.filter((s) => s.languages.includes(shared.language))
        : available;
    const offered = inLanguage.length > 0 ? inLanguage : available;
    const fallback = offered.find((s) => s.starter === DEFAULT_STARTER) ?? offered[0]!;
    starterName =
      prompter && offered.length > 1 ? await prompter.starter(trigger, offered) : fallback.starter;
  }
  const starter = available.find((s) => s.starter === starterName);
  if (!starter) {
    throw new CliError('invalid-answer', `There is no "${starterName}" starter for ${trigger}.`, {
      hint: `Starters for ${trigger}: ${available.map((s) => s.starter).join(', ')}.`,
    });
  }
  const language = await resolveLanguage(trigger, starter, chosen?.language, shared, prompter);
  return { trigger, name: trigger, starter: starter.starter, language };
}

async function resolveLanguage(
  trigger: Trigger,
  starter: StarterInfo,
  named: Language | undefined,
  shared: SharedLanguage | undefined,
  prompter: Prompter | undefined,
): Promise<Language> {
  const languages = starter.languages;
  const requested = named ?? (shared?.strict ? shared.language : undefined);
  if (requested !== undefined) {
    if (languages.includes(requested)) return requested;
    throw new CliError(
      'invalid-answer',
      `The "${starter.starter}" starter for ${trigger} has no ${requested} version.`,
      {
        hint: `It comes in: ${languages.join(', ')}. Name the language per starter: --starter ${trigger}=${starter.starter}:${languages[0]}.`,
      },
    );
  }
  if (shared && languages.includes(shared.language)) return shared.language;
  if (prompter && !shared && languages.length > 1) {
    return prompter.language(trigger, starter.starter, languages);
  }
  return languages.includes('ts') ? 'ts' : languages[0]!;
}
