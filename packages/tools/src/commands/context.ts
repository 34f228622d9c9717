/** What every `edge` command is given by `main` (src/cli.ts). */
export interface CommandContext {
  /** The workspace root (where edge.config.ts is, at or above the working directory). */
  root: string;
  args: string[];
}
