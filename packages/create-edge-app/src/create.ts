/**
 * The create command as named phases: resolve answers, render, write, install, git, next
 * steps. Loaded by src/index.ts only when a project is actually created.
 *
 * Nothing is left half-written: the project is rendered into a staging directory, moved into
 * place in one step (or file by file with rollback, into an existing directory), and SIGINT
 * or SIGTERM before the run ends stops the install's processes and rolls everything back
 * (exit code 130 or 143). A failed install keeps the (complete) project, still gets its git
 * repository, and says so.
 */
import type { Writable } from 'node:stream';
import type { Prompter } from './answers/prompter.ts';
import { resolveAnswers } from './answers/resolve.ts';
import type { Answers } from './answers/types.ts';
import type { CliFlags } from './cli/args.ts';
import { CliError, CliInterrupted } from './errors.ts';
import { renderProject, templateStarters } from './render/render.ts';
import { listenForCancel } from './steps/cancel.ts';
import { initGit } from './steps/git.ts';
import { installDependencies, pnpmCommand } from './steps/install.ts';
import { nextSteps } from './steps/next-steps.ts';
import { createReporter } from './steps/reporter.ts';
import { type LoadedTemplate, loadTemplate } from './template/template.ts';
import { GENERATOR_VERSION } from './version.ts';
import { fileSystemError, isFileSystemError } from './write/fs-errors.ts';
import { describeEntries, inspectTarget } from './write/target.ts';
import { createStage, type PlacedProject, placeProject } from './write/transaction.ts';

export interface CreateContext {
  flags: CliFlags;
  cwd: string;
  /** Decided once by main: a terminal on stdin and no --yes. */
  interactive: boolean;
  stdout: Writable;
  env: NodeJS.ProcessEnv;
}

export async function create(ctx: CreateContext): Promise<void> {
  const cancel = listenForCancel();
  try {
    const template = loadTemplate();
    const prompter = ctx.interactive ? await loadPrompter(cancel.signal, ctx.env) : undefined;
    const report = prompter?.reporter ?? createReporter(ctx.stdout);
    prompter?.intro(`create-edge-app ${GENERATOR_VERSION}`);
    const answers = await resolveAnswers({
      flags: ctx.flags,
      cwd: ctx.cwd,
      catalogue: templateStarters(template).list(),
      prompter,
    });
    cancel.throwIfCancelled();

    const placed = await renderAndPlace(template, answers, cancel.throwIfCancelled);
    const pnpm = pnpmCommand(ctx.env);
    let installFailure: CliError | undefined;
    try {
      // A signal that arrived while the files were moved into place.
      cancel.throwIfCancelled();
      report.step(
        `Wrote ${answers.projectName} (${answers.functions.map((f) => `${f.name}: ${f.starter}, ${f.language}`).join('; ')}).`,
      );
      if (placed.replaced.length > 0) {
        report.warn(
          `Replaced ${placed.replaced.length} existing file(s): ${placed.replaced.join(', ')}.`,
        );
      }
      if (answers.install) {
        report.step(`Installing dependencies (${pnpm.display} install)...`);
        installFailure = await failureOf(
          installDependencies(answers.targetDir, pnpm, cancel.signal, ctx.env),
        );
      }
      cancel.throwIfCancelled();
      // The project is complete without its dependencies: a failed install does not cost it
      // its repository.
      if (answers.git) await initGit(answers.targetDir, report);
      cancel.throwIfCancelled();
    } catch (error) {
      if (error instanceof CliInterrupted) placed.rollback();
      else placed.commit();
      throw error;
    }
    placed.commit();
    if (installFailure) throw installFailure;
    const summary = nextSteps(answers, ctx.cwd, pnpm);
    if (prompter) prompter.outro(summary);
    else ctx.stdout.write(`\n${summary}`);
  } finally {
    cancel.dispose();
  }
}

/** The install's own failure, to report after git; anything else (a signal) is thrown. */
async function failureOf(install: Promise<void>): Promise<CliError | undefined> {
  try {
    await install;
    return undefined;
  } catch (error) {
    if (error instanceof CliError && error.code === 'install-failed') return error;
    throw error;
  }
}

async function loadPrompter(signal: AbortSignal, env: NodeJS.ProcessEnv): Promise<Prompter> {
  const { createClackPrompter } = await import('./answers/prompts.ts');
  return createClackPrompter({ signal, env });
}

/** Render into a staging directory beside the target, then move it into place. */
async function renderAndPlace(
  template: LoadedTemplate,
  answers: Answers,
  throwIfCancelled: () => void,
): Promise<PlacedProject> {
  // Inspected again right before writing: the answers may have taken minutes.
  const state = inspectTarget(answers.targetDir);
  if (state.kind === 'non-empty' && !answers.force) {
    throw new CliError(
      'target-not-empty',
      `${answers.targetDir} is no longer empty (${describeEntries(state.entries)}); something wrote there while the questions were asked.`,
      { hint: 'Run again, choosing a new directory, or pass --force to write into this one.' },
    );
  }
  try {
    const stage = createStage(answers.targetDir);
    try {
      const { files } = await renderProject(template, answers, stage.dir);
      throwIfCancelled();
      return placeProject(stage, answers.targetDir, files, state);
    } catch (error) {
      stage.discard();
      throw error;
    }
  } catch (error) {
    if (!isFileSystemError(error)) throw error;
    throw fileSystemError(error, { targetDir: answers.targetDir, rolledBack: true });
  }
}
