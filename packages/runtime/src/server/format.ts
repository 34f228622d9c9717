/**
 * One line per request for the terminal, then what a developer needs when something broke:
 *   GET /a 200 Miss  viewer-request 1.2ms → origin-request 0.8ms → origin 3ms → …
 *     ✖ viewer-request my-fn: LambdaValidationError [read-only-header] The function …
 *       fix: …
 */
import type { RequestTrace, TraceStep } from '../pipeline/index.ts';

export interface TraceFormatOptions {
  color?: boolean;
  /** Include console output of the functions (default true). */
  logs?: boolean;
}

const paint = (on: boolean, code: number) => (text: string) =>
  on ? `\u001b[${code}m${text}\u001b[39m` : text;
const palette = (on: boolean) => ({
  red: paint(on, 31),
  green: paint(on, 32),
  yellow: paint(on, 33),
  dim: paint(on, 90),
});
// Built once: formatTrace runs for every request edge dev serves.
const COLORED = palette(true);
const PLAIN = palette(false);

function ms(value: number): string {
  if (value >= 100) return `${Math.round(value)}ms`;
  if (value >= 10) return `${value.toFixed(1).replace(/\.0$/, '')}ms`;
  return `${value.toFixed(1)}ms`;
}

export function formatTrace(trace: RequestTrace, options: TraceFormatOptions = {}): string {
  const { red, green, yellow, dim } = options.color ? COLORED : PLAIN;
  const statusColor = trace.status >= 500 ? red : trace.status >= 400 ? yellow : green;
  const result =
    trace.cacheResult === 'Hit'
      ? green(trace.cacheResult)
      : trace.fromCache
        ? `${trace.cacheResult} (cached)`
        : trace.cacheResult;
  const steps = trace.steps.map((step) => {
    const cold =
      step.initDurationMs === undefined ? '' : ` (cold start ${ms(step.initDurationMs)})`;
    const failedOver = step.failedOver ? ' (failed over)' : '';
    return `${stepLabel(step)} ${ms(step.durationMs)}${cold}${failedOver}`;
  });
  const refresh = trace.background ? dim('↻ background refresh: ') : '';
  const lines = [
    `${refresh}${trace.method} ${trace.url} ${statusColor(String(trace.status))} ${result}  ${dim(steps.join(' → ') || '(no triggers)')}`,
  ];
  if (trace.customError) {
    const { errorCode, responsePagePath, responseCode } = trace.customError;
    lines.push(
      dim(
        `  ↳ custom error response: ${errorCode} → ${responsePagePath ?? '(no page)'} (${responseCode})`,
      ),
    );
  }
  if (trace.cache.lookup === 'stale' || trace.cache.lookup === 'refresh') {
    lines.push(
      dim(
        `  ↳ cache: ${trace.cache.lookup}${trace.cache.reason ? ` (${trace.cache.reason})` : ''}`,
      ),
    );
  }
  if (trace.error) {
    const where = trace.error.functionName
      ? `${trace.error.step} ${trace.error.functionName}`
      : trace.error.step;
    lines.push(
      red(`  ✖ ${where}: ${trace.error.errorType} [${trace.error.rule}] ${trace.error.message}`),
    );
    if (trace.error.fix) lines.push(`    fix: ${trace.error.fix}`);
  }
  for (const note of trace.notes) lines.push(yellow(`  ⚠ [${note.rule}] ${note.message}`));
  for (const { step, functionName, violation } of trace.warnings) {
    lines.push(yellow(`  ⚠ ${step} ${functionName}: [${violation.rule}] ${violation.message}`));
    if (violation.fix) lines.push(`    fix: ${violation.fix}`);
  }
  if (options.logs !== false) {
    for (const { functionName, line } of trace.logs) {
      lines.push(dim(`  ${functionName} ${line.level}: `) + line.message);
    }
  }
  return lines.join('\n');
}

function stepLabel(step: TraceStep): string {
  if (step.name !== 'origin') return step.errorPage ? `${step.name} (error page)` : step.name;
  const parts = ['origin'];
  if (step.origin) parts.push(`"${step.origin}"`);
  if (step.revalidation) parts.push('revalidate');
  if (step.status === 0) parts.push(step.failure ? `(no answer: ${step.failure})` : '(no answer)');
  else if (step.status !== undefined) parts.push(String(step.status));
  if (step.attempts !== undefined && step.attempts > 1) parts.push(`×${step.attempts}`);
  return parts.join(' ');
}
