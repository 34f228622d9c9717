/**
 * The create command as named phases: resolve answers, render, write, install, git, next
 * steps. Loaded by src/index.ts only when a project is actually created.
 *
 * Nothing is left half-written: the project is rendered into a staging directory, moved into
 * place in one step (or file by file with rollback, into an existing directory), and a Ctrl-C
 * before the run ends rolls everything back. A failed install keeps the (complete) project
 * and says so.
 */
import type { Writable } from 'node:stream';
import type { Prompter } from './answers/prompter.ts';
import { resolveAnswers } from './answers/resolve.ts';
import type { Answers } from './answers/types.ts';
import type { CliFlags } from './cli/args.ts';
import { CliCancelled, CliError } from './errors.ts';
import { renderProject, templateStarters } from './render/render.ts';
import { listenForCancel } from './steps/cancel.ts';
import { initGit } from './steps/git.ts';
import { installDependencies, pnpmCommand } from './steps/install.ts';
import { nextSteps } from './steps/next-steps.ts';
import { createReporter } from './steps/reporter.ts';
import { type LoadedTemplate, loadTemplate } from './template/template.ts';
import { GENERATOR_VERSION } from './version.ts';
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
    const prompter = ctx.interactive ? await loadPrompter() : undefined;
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
    report.step(
      `Wrote ${answers.projectName} (${answers.functions.map((f) => `${f.name}: ${f.starter}, ${f.language}`).join('; ')}).`,
    );
    if (placed.replaced.length > 0) {
      report.warn(
        `Replaced ${placed.replaced.length} existing file(s): ${placed.replaced.join(', ')}.`,
      );
    }

    const pnpm = pnpmCommand(ctx.env);
    try {
      if (answers.install) {
        report.step(`Installing dependencies (${pnpm.display} install)...`);
        await installDependencies(answers.targetDir, pnpm, cancel.signal);
      }
      cancel.throwIfCancelled();
      if (answers.git) await initGit(answers.targetDir, report);
      cancel.throwIfCancelled();
    } catch (error) {
      if (error instanceof CliCancelled) placed.rollback();
      else placed.commit();
      throw error;
    }
    placed.commit();
    const summary = nextSteps(answers, ctx.cwd, pnpm);
    if (prompter) prompter.outro(summary);
    else ctx.stdout.write(`\n${summary}`);
  } finally {
    cancel.dispose();
  }
}

async function loadPrompter(): Promise<Prompter> {
  const { createClackPrompter } = await import('./answers/prompts.ts');
  return createClackPrompter();
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
  const stage = createStage(answers.targetDir);
  try {
    const { files } = await renderProject(template, answers, stage.dir);
    throwIfCancelled();
    return placeProject(stage, answers.targetDir, files, state);
  } catch (error) {
    stage.discard();
    throw error;
  }
}
