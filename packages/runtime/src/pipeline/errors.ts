/** A mistake in edge.config.ts or the function map that the pipeline cannot run with. */
export class PipelineConfigError extends Error {
  override readonly name = 'PipelineConfigError';
  constructor(
    message: string,
    /** How to fix it, one sentence. */
    readonly fix: string,
  ) {
    super(message);
  }
}
