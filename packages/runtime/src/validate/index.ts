/**
 * CloudFront's validation of what a Lambda@Edge function returns, applied locally: decides
 * whether the result is accepted and normalizes it as CloudFront would. Pure and synchronous;
 * it runs on every invocation.
 */
import { validateGenerated, validateRequest, validateResponse } from './results.ts';
import type { Violations } from './rules.ts';
import { classifyResult } from './shape.ts';
import type { ValidationInput, ValidationResult } from './types.ts';

export { isDisallowedHeader, READ_ONLY_HEADERS } from './header-lists.ts';
export { ORIGIN_TIMEOUT_RANGES } from './origin.ts';
export { describeViolation, type RuleId, VALIDATION_PREFIX, VALIDATION_RULES } from './rules.ts';
export type { ValidationInput, ValidationResult, Violation } from './types.ts';

/** Every violation found, not only the first; all of them are 502 LambdaValidationError. */
export function validateResult(input: ValidationInput): ValidationResult {
  const violations: Violations = [];
  const shape = classifyResult(input.eventType, input.result, violations);
  const result = input.result as Record<string, unknown>;
  switch (shape) {
    case 'invalid':
      return { kind: 'invalid', generated: false, violations };
    case 'request':
      return {
        kind: 'request',
        generated: false,
        value: validateRequest(input, result, violations),
        violations,
      };
    case 'generated':
      return {
        kind: 'response',
        generated: true,
        value: validateGenerated(input, result, violations),
        violations,
      };
    case 'response':
      return {
        kind: 'response',
        generated: false,
        value: validateResponse(input, result, violations),
        violations,
      };
  }
}
