import { EdgeRuntimeError } from '../errors.ts';

/** A mistake in edge.config.ts or the function map that the pipeline cannot run with. */
export class PipelineConfigError extends EdgeRuntimeError {
  override readonly name = 'PipelineConfigError';
  constructor(message: string, hint: string, options?: { cause?: unknown }) {
    super('config', message, hint, options);
  }
}
