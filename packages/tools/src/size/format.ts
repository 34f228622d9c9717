/** The size report as a terminal table with notes, and as the error a breach raises. */
import { ToolsError } from '../errors.ts';
import { CLOUDFRONT_FUNCTION_MAX_BYTES } from './cloudfront-function.ts';
import { formatBytes, formatShare } from './format-bytes.ts';
import type { FunctionSize, SizeBreach, SizeReport } from './report.ts';

export function formatSizeTable(report: SizeReport): string {
  const header = ['function', 'event', 'bundle', 'zip', 'limit', 'used', 'budget', ''];
  const rows = report.functions.map((fn) => [
    fn.name,
    fn.eventType,
    formatBytes(fn.bundleBytes),
    formatBytes(fn.zipBytes),
    formatBytes(fn.limitBytes),
    formatShare(fn.limitShare),
    formatBudget(fn),
    fn.breaches.length > 0 ? '✖ over' : '✓',
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)),
  );
  const numeric = new Set([2, 3, 4, 5]);
  const line = (cells: string[]) =>
    cells
      .map((cell, column) =>
        numeric.has(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();
  const lines = [
    `Sizes against the "${report.profile}" limits (zipped code; https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html):`,
    line(header),
    ...rows.map(line),
  ];
  const notes = report.functions.flatMap((fn) =>
    fn.warnings.map((warning) => `⚠ ${fn.name}: ${warning}`),
  );
  const candidates = report.functions.filter((fn) => fn.cloudFrontFunctionCandidate);
  if (candidates.length > 0) {
    notes.push(
      `ℹ Could be CloudFront Functions, a cheaper option for viewer events (up to ${CLOUDFRONT_FUNCTION_MAX_BYTES.toLocaleString('en-US')} bytes, no network, files or timers; the handler needs porting to that runtime's event shape): ${candidates.map((fn) => `${fn.name} (${formatBytes(fn.bundleBytes)})`).join(', ')}.`,
    );
  }
  if (notes.length > 0) lines.push('', ...notes);
  return lines.join('\n');
}

function formatBudget(fn: FunctionSize): string {
  const parts: string[] = [];
  if (fn.budget?.zipBytes !== undefined) parts.push(`zip ${formatBytes(fn.budget.zipBytes)}`);
  if (fn.budget?.bundleBytes !== undefined)
    parts.push(`bundle ${formatBytes(fn.budget.bundleBytes)}`);
  return parts.join(', ') || '-';
}

/** Throws when any function is over its limit or budget, naming what to trim. */
export function assertWithinSizes(report: SizeReport): void {
  const over = report.functions.filter((fn) => fn.breaches.length > 0);
  if (over.length === 0) return;
  const sections = over.map((fn) =>
    [
      `${fn.name} (${fn.eventType}):`,
      ...fn.breaches.map((breach) => `  ${describeBreach(breach, fn, report.profile)}`),
      '  largest modules in the bundle:',
      ...fn.largestModules.map(
        (module) => `    ${formatBytes(module.bytes).padStart(9)}  ${module.name}`,
      ),
    ].join('\n'),
  );
  const kinds = new Set(over.flatMap((fn) => fn.breaches.map((breach) => breach.kind)));
  const limitBreached = kinds.has('limit');
  const what = limitBreached
    ? kinds.has('budget')
      ? 'the Lambda@Edge size limit or a budget'
      : 'the Lambda@Edge size limit'
    : 'a size budget';
  throw new ToolsError(
    'size',
    `${over.length === 1 ? 'A function is' : `${over.length} functions are`} over ${what}:\n${sections.join('\n')}`,
    {
      hint: limitBreached
        ? 'Drop or replace the largest modules above (import only what the handler uses, prefer small ESM packages), or move heavy work to an origin-request function, whose limit is 50 MB.'
        : 'Trim the largest modules above, or raise `functions.<name>.budget` in edge.config.ts if the growth is intended.',
    },
  );
}

function describeBreach(breach: SizeBreach, fn: FunctionSize, profile: string): string {
  const what = breach.measure === 'zipBytes' ? 'zip' : 'bundle';
  const against =
    breach.kind === 'limit'
      ? `the ${formatBytes(breach.allowed)} (${breach.allowed.toLocaleString('en-US')} bytes) limit for ${fn.eventType} in profile "${profile}"`
      : `its budget of ${formatBytes(breach.allowed)} (functions.${fn.name}.budget.${breach.measure})`;
  return `${what} is ${formatBytes(breach.actual)} (${breach.actual.toLocaleString('en-US')} bytes), over ${against}`;
}
