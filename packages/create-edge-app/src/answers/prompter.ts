/** The questions, as an interface: clack implements it (prompts.ts); tests can script it. */

import type { StarterInfo } from '@edge-app/tools/scaffold';
import type { Reporter } from '../steps/reporter.ts';
import type { Language, Trigger } from '../triggers.ts';

export interface Prompter {
  intro(title: string): void;
  /** Progress lines in the prompts' style, and the closing message. */
  reporter: Reporter;
  outro(summary: string): void;
  /** Returns the directory as typed; `validate` returns a problem to show, or undefined. */
  projectDir(initial: string, validate: (value: string) => string | undefined): Promise<string>;
  /** Asked when the target directory is not empty: write into it anyway? */
  confirmNonEmpty(dir: string, entries: string): Promise<boolean>;
  triggers(initial: readonly Trigger[]): Promise<Trigger[]>;
  starter(trigger: Trigger, starters: readonly StarterInfo[]): Promise<string>;
  /** One language for every function (asked once). */
  languageForAll(languages: readonly Language[]): Promise<Language>;
  /** The language of one function (with --lang-per-trigger). */
  language(trigger: Trigger, starter: string, languages: readonly Language[]): Promise<Language>;
  confirm(message: string, initial: boolean): Promise<boolean>;
}
