/** The --help text. Kept apart from the prompts so that --help loads nothing else. */
import { TRIGGERS } from '../triggers.ts';
import type { StarterSummary } from './starters.ts';

export function helpText(version: string, starters: readonly StarterSummary[]): string {
  return `create-edge-app ${version}
Scaffold a pnpm workspace of AWS Lambda@Edge functions: typed handlers, a local CloudFront,
bundling with size checks, and deploy scripts.

Usage:
  npm create edge-app@latest [directory] -- [options]
  create-edge-app [directory] [options]
  create-edge-app upgrade [directory] [upgrade options]

Asks what it needs when run in a terminal; every question is also an option below.
Without a terminal, pass --yes (defaults for anything not given) or every option.

Options:
  -t, --triggers <list>   CloudFront triggers to create functions for, comma-separated, or
                          "all" (default: all): ${TRIGGERS.slice(0, 3).join(', ')},
                          ${TRIGGERS.slice(3).join(', ')}
  -s, --starter <spec>    starter per trigger: <trigger>=<starter>[:ts|python], comma-separated
                          or repeated, once per trigger (default: blank; see Starters below)
                          e.g. viewer-request=blank:python
      --lang <ts|python>  language for every starter that does not name one (default: ts;
                          in a terminal it is asked once)
      --lang-per-trigger  in a terminal, ask the language for each function instead of once
  -y, --yes               accept the defaults for everything not given; never prompt
      --no-install        do not run pnpm install (default: install)
      --no-git            do not create a git repository (default: git init + first commit)
  -f, --force             write into a non-empty directory (keeps files the project does not
                          have; replaces the ones it does)
  -h, --help              show this help
  -v, --version           show the version

Starters, per trigger, with the languages each comes in:
${starterLines(starters)}

Upgrade: bring a project this CLI generated (it has .edge-app.json; run it anywhere inside)
up to this version's templates. Files you never edited are replaced, files you edited are
3-way merged with the template's changes (JSON key by key; conflicts are listed, exit code 1),
files you deleted stay deleted, files a release moved take your edits along. Then runs
pnpm install. Needs git, and a clean working tree.
      --dry-run           print the per-file plan (add, update, move, remove, merge-clean,
                          conflict, keep) and change nothing
      --check             change nothing; exit 2 when an upgrade is due, 0 otherwise (for CI)
      --json              with --dry-run or --check: the plan as JSON
      --conflict <style>  inline: markers in the file (default); rej: yours kept, the
                          template's side in <file>.rej
      --allow-dirty       upgrade even with uncommitted changes
      --no-install        do not run pnpm install afterwards
  -y, --yes               apply without asking (asked only in a terminal)

Examples:
  create-edge-app my-app
  create-edge-app my-app --yes --triggers viewer-request,origin-response
  create-edge-app my-app --yes --starter viewer-request=blank:python --no-git
  create-edge-app upgrade --dry-run
`;
}

const INDENT = 20;
const WIDTH = 96;

/** One block per trigger: `blank (ts, python), jwt-auth (ts), ...`, wrapped under its name. */
function starterLines(starters: readonly StarterSummary[]): string {
  return TRIGGERS.map((trigger) => {
    const entries = starters
      .filter((s) => s.eventType === trigger)
      .map(
        (s, i, all) => `${s.starter} (${s.languages.join(', ')})${i < all.length - 1 ? ',' : ''}`,
      );
    const lines: string[] = [];
    let line = `  ${trigger}`.padEnd(INDENT);
    let empty = true;
    for (const entry of entries) {
      if (!empty && line.length + 1 + entry.length > WIDTH) {
        lines.push(line);
        line = ' '.repeat(INDENT);
        empty = true;
      }
      line += empty ? entry : ` ${entry}`;
      empty = false;
    }
    lines.push(line);
    return lines.join('\n');
  }).join('\n');
}
