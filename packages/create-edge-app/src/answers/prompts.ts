/**
 * The interactive questions with @clack/prompts. Loaded only for an interactive run, so
 * --help, --version and flag-only runs never import clack. Ctrl-C or Escape at any question
 * throws CliCancelled (exit code 0); SIGINT or SIGTERM sent to the process ends the question
 * through `signal` and throws CliInterrupted.
 */
import type { Writable } from 'node:stream';
import * as clack from '@clack/prompts';
import { colorEnabled, withoutColor } from '../cli/color.ts';
import { CliCancelled, CliInterrupted } from '../errors.ts';
import { type Language, TRIGGERS, type Trigger } from '../triggers.ts';
import type { Prompter } from './prompter.ts';

const TRIGGER_HINTS: Record<Trigger, string> = {
  'viewer-request': 'every request, before the cache',
  'origin-request': 'cache misses, before the origin',
  'origin-response': 'origin responses, before caching',
  'viewer-response': 'every response, before the viewer',
};

const LANGUAGE_LABELS: Record<Language, string> = { ts: 'TypeScript', python: 'Python' };

export interface PrompterOptions {
  /** Aborted when SIGINT or SIGTERM arrives (steps/cancel.ts); its reason is CliInterrupted. */
  signal: AbortSignal;
  env: NodeJS.ProcessEnv;
}

export function createClackPrompter({ signal, env }: PrompterOptions): Prompter {
  const output: Writable = colorEnabled(process.stdout, env)
    ? process.stdout
    : withoutColor(process.stdout);
  const common = { output, signal };
  const answered = <T>(value: T): Exclude<T, symbol> => {
    if (!clack.isCancel(value)) return value as Exclude<T, symbol>;
    if (signal.reason instanceof CliInterrupted) throw signal.reason;
    clack.cancel('Cancelled; nothing was written.', { output });
    throw new CliCancelled('');
  };
  return {
    intro(title) {
      clack.intro(title, { output });
    },
    reporter: {
      step: (message) => clack.log.step(message, { output }),
      warn: (message) => clack.log.warn(message, { output }),
      info: (message) => clack.log.info(message, { output }),
    },
    outro(summary) {
      clack.note(summary.trimEnd(), 'Next', { output });
      clack.outro('Done.', { output });
    },
    async projectDir(initial, validate) {
      return answered(
        await clack.text({
          ...common,
          message: 'Project directory (its name is the package name)',
          placeholder: initial,
          defaultValue: initial,
          validate: (value) => validate(value === undefined || value === '' ? initial : value),
        }),
      );
    },
    async confirmNonEmpty(dir, entries) {
      return answered(
        await clack.confirm({
          ...common,
          message: `${dir} is not empty (${entries}). Write the project into it? Files at the same paths are replaced; others are kept.`,
          initialValue: false,
        }),
      );
    },
    async triggers(initial) {
      return answered(
        await clack.multiselect<Trigger>({
          ...common,
          message: 'Which CloudFront triggers get a function?',
          options: TRIGGERS.map((trigger) => ({
            value: trigger,
            label: trigger,
            hint: TRIGGER_HINTS[trigger],
          })),
          initialValues: [...initial],
          required: true,
        }),
      );
    },
    async starter(trigger, starters) {
      return answered(
        await clack.select<string>({
          ...common,
          message: `Starter for ${trigger}`,
          options: starters.map((s) => ({
            value: s.starter,
            label: s.starter,
            hint: s.description,
          })),
          initialValue: starters.some((s) => s.starter === 'blank')
            ? 'blank'
            : starters[0]?.starter,
        }),
      );
    },
    async languageForAll(languages) {
      return answered(
        await clack.select<Language>({
          ...common,
          message: 'Language of the functions (--lang-per-trigger asks for each)',
          options: languages.map((language) => ({
            value: language,
            label: LANGUAGE_LABELS[language],
          })),
          initialValue: languages[0],
        }),
      );
    },
    async language(trigger, starter, languages) {
      return answered(
        await clack.select<Language>({
          ...common,
          message: `Language for ${trigger} (${starter})`,
          options: languages.map((language) => ({
            value: language,
            label: LANGUAGE_LABELS[language],
          })),
          initialValue: languages[0],
        }),
      );
    },
    async confirm(message, initial) {
      return answered(await clack.confirm({ ...common, message, initialValue: initial }));
    },
  };
}
