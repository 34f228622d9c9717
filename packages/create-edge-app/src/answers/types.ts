/** What a run decided: everything needed to render, write, install and commit a project. */
import type { Language, Trigger } from '../triggers.ts';

export interface FunctionAnswer {
  trigger: Trigger;
  /** The package directory under packages/ and the name in edge.config.ts. */
  name: string;
  starter: string;
  language: Language;
}

export interface Answers {
  /** Absolute path of the project directory. */
  targetDir: string;
  /** The root package.json name. */
  projectName: string;
  functions: FunctionAnswer[];
  install: boolean;
  git: boolean;
  /** Write into a non-empty directory. */
  force: boolean;
}
