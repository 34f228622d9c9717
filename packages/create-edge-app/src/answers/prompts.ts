/**
 * The interactive questions with @clack/prompts. Loaded only for an interactive run, so
 * --help, --version and flag-only runs never import clack. Ctrl-C or Escape at any question
 * throws CliCancelled.
 */
import * as clack from '@clack/prompts';
import { CliCancelled } from '../errors.ts';
import { type Language, TRIGGERS, type Trigger } from '../triggers.ts';
import type { Prompter } from './prompter.ts';

function answered<T>(value: T): Exclude<T, symbol> {
  if (clack.isCancel(value)) {
    clack.cancel('Cancelled; nothing was written.');
    throw new CliCancelled('');
  }
  return value as Exclude<T, symbol>;
}

const TRIGGER_HINTS: Record<Trigger, string> = {
  'viewer-request': 'every request, before the cache',
  'origin-request': 'cache misses, before the origin',
  'origin-response': 'origin responses, before caching',
  'viewer-response': 'every response, before the viewer',
};

const LANGUAGE_LABELS: Record<Language, string> = { ts: 'TypeScript', python: 'Python' };

export function createClackPrompter(): Prompter {
  return {
    intro(title) {
      clack.intro(title);
    },
    reporter: {
      step: (message) => clack.log.step(message),
      warn: (message) => clack.log.warn(message),
      info: (message) => clack.log.info(message),
    },
    outro(summary) {
      clack.note(summary.trimEnd(), 'Next');
      clack.outro('Done.');
    },
    async projectDir(initial, validate) {
      return answered(
        await clack.text({
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
          message: `${dir} is not empty (${entries}). Write the project into it? Files at the same paths are replaced; others are kept.`,
          initialValue: false,
        }),
      );
    },
    async triggers(initial) {
      return answered(
        await clack.multiselect<Trigger>({
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
    async language(trigger, starter, languages) {
      return answered(
        await clack.select<Language>({
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
      return answered(await clack.confirm({ message, initialValue: initial }));
    },
  };
}
