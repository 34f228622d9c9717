/**
 * Sizes against limits: each function's zip against the Lambda@Edge code-size limit for its event
 * type in the active profile (`resolveLimits`: strict 1,048,576 bytes zipped for viewer events, 50
 * MB for origin events, docs/cloudfront-rules.md#code-size), and against the owner's own budgets
 * from `edge.config.ts` `functions[name].budget`.
 */
import type { EventType } from '@edge-app/events';
import { type EdgeConfig, type LimitProfileName, resolveLimits } from '@edge-app/runtime';
import type { BuiltFunction, ModuleSize } from '../build/types.ts';
import { cloudFrontFunctionCandidate } from './cloudfront-function.ts';

export interface SizeBreach {
  /** `limit`: CloudFront would reject the function. `budget`: the owner's own ceiling. */
  kind: 'limit' | 'budget';
  measure: 'zipBytes' | 'bundleBytes';
  actual: number;
  allowed: number;
}

export interface FunctionSize {
  name: string;
  eventType: EventType;
  language: 'node' | 'python';
  bundleBytes: number;
  zipBytes: number;
  /** Zipped code size CloudFront accepts for this event type. */
  limitBytes: number;
  /** zipBytes / limitBytes */
  limitShare: number;
  budget?: { bundleBytes?: number; zipBytes?: number };
  breaches: SizeBreach[];
  /** The largest contributors to the bundle. */
  largestModules: ModuleSize[];
  /** Small and simple enough to be a CloudFront Function. */
  cloudFrontFunctionCandidate: boolean;
  warnings: string[];
}

export interface SizeReport {
  profile: LimitProfileName;
  ok: boolean;
  functions: FunctionSize[];
}

const LARGEST_MODULES = 8;

export function sizeReport(config: EdgeConfig, built: BuiltFunction[]): SizeReport {
  const profile = config.profile ?? 'strict';
  const functions = built.map((fn): FunctionSize => {
    const { zipBytes } = fn;
    if (zipBytes === undefined) {
      throw new Error(`Function "${fn.name}" was built without a zip; size checks need one.`);
    }
    const limitBytes = resolveLimits(fn.eventType, profile, config.limits).zipBytes;
    const budget = config.functions?.[fn.name]?.budget;
    const breaches: SizeBreach[] = [];
    const check = (kind: SizeBreach['kind'], measure: SizeBreach['measure'], allowed?: number) => {
      const actual = measure === 'zipBytes' ? zipBytes : fn.bundleBytes;
      if (allowed !== undefined && actual > allowed)
        breaches.push({ kind, measure, actual, allowed });
    };
    check('limit', 'zipBytes', limitBytes);
    check('budget', 'zipBytes', budget?.zipBytes);
    check('budget', 'bundleBytes', budget?.bundleBytes);
    const size: FunctionSize = {
      name: fn.name,
      eventType: fn.eventType,
      language: fn.language,
      bundleBytes: fn.bundleBytes,
      zipBytes,
      limitBytes,
      limitShare: zipBytes / limitBytes,
      breaches,
      largestModules: fn.modules.slice(0, LARGEST_MODULES),
      cloudFrontFunctionCandidate: cloudFrontFunctionCandidate(fn),
      warnings: fn.warnings,
    };
    if (budget) size.budget = budget;
    return size;
  });
  return { profile, ok: functions.every((fn) => fn.breaches.length === 0), functions };
}
