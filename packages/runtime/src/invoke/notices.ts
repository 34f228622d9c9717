/**
 * What a function has to say outside any invocation, in the words a developer reads in the
 * terminal: a container that ended while idle (the next event starts a new one, as Lambda
 * would), or a Lambda runtime whose Node.js could not be had.
 */
import type { Violation } from '../validate/index.ts';
import type { FunctionNotice } from './types.ts';

export function formatNotice(notice: FunctionNotice): string {
  if (notice.kind === 'runtime-fallback') {
    return [
      `${notice.functionName}: the ${notice.runtime} runtime's Node.js could not be had (${notice.reason}); its containers run this machine's Node.js ${notice.version} instead, so an API that differs between the two versions behaves differently than at the edge.`,
      '  fix: check that `npm pack` can reach the registry once (the binary is cached afterwards), or run on the runtime\u2019s Node.js version.',
    ].join('\n');
  }
  const lines = [
    `${notice.functionName}: its container ended after answering: ${notice.errorType} [${notice.rule}] ${notice.message}`,
    `  fix: ${notice.fix}`,
    '  The next event starts a new container (a cold start), as Lambda would.',
  ];
  for (const line of notice.logs)
    lines.push(`  ${notice.functionName} ${line.level}: ${line.message}`);
  return lines.join('\n');
}

export function printNotice(notice: FunctionNotice): void {
  console.warn(formatNotice(notice));
}

/** The warning the next invocation carries about the container that ended before it. */
export function endedWarning(
  notice: Extract<FunctionNotice, { kind: 'container-ended' }>,
): Violation {
  return {
    rule: notice.rule,
    message: `The previous container ended after answering, so this event started a new one: ${notice.message}`,
    fix: notice.fix,
  };
}
