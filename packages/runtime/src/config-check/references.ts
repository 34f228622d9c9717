/**
 * Checks between fields, run once every field has the right type: names that refer to other
 * entries, and settings CloudFront refuses together (docs/cloudfront-rules.md cites each).
 */

import type { EventType } from '@edge-app/events';
import type { BehaviorConfig, EdgeConfig } from '../config.ts';
import { isRequestEvent } from '../validate/shape.ts';
import type { ConfigProblem } from './spec.ts';

export function checkReferences(config: EdgeConfig, out: ConfigProblem[]): void {
  const origins = Object.keys(config.origins);
  const groups = Object.entries(config.originGroups ?? {});
  for (const [name, group] of groups) {
    const path = `originGroups.${name}`;
    if (Object.hasOwn(config.origins, name)) {
      out.push({ path, message: `has the name of an origin; give the group a name of its own.` });
    }
    const [primary, secondary] = group.members;
    for (const member of group.members) {
      if (!Object.hasOwn(config.origins, member)) {
        out.push({
          path: `${path}.members`,
          message: `names "${member}", which is not in \`origins\`; known origins: ${origins.join(', ') || '(none)'}.`,
        });
      }
    }
    if (primary === secondary) {
      out.push({
        path: `${path}.members`,
        message: 'names one origin twice; a group needs two different origins.',
      });
    }
  }
  const targets = [...new Set([...origins, ...groups.map(([name]) => name)])];
  const behaviors: Array<[string, Omit<BehaviorConfig, 'pathPattern'>]> = [
    ...(config.behaviors ?? []).map((b, i): [string, BehaviorConfig] => [`behaviors[${i}]`, b]),
    ['defaultBehavior', config.defaultBehavior],
  ];
  for (const [path, behavior] of behaviors) checkBehavior(path, behavior, targets, out);
  const seen = new Set<number>();
  (config.customErrorResponses ?? []).forEach((response, i) => {
    const path = `customErrorResponses[${i}]`;
    if (seen.has(response.errorCode)) {
      out.push({
        path: `${path}.errorCode`,
        message: `repeats ${response.errorCode}; list each error code once.`,
      });
    }
    seen.add(response.errorCode);
    if (response.responseCode !== undefined && response.responsePagePath === undefined) {
      out.push({
        path: `${path}.responseCode`,
        message:
          'needs a responsePagePath: CloudFront changes the status only when it returns a page.',
      });
    }
  });
}

function checkBehavior(
  path: string,
  behavior: Omit<BehaviorConfig, 'pathPattern'>,
  targets: string[],
  out: ConfigProblem[],
): void {
  const target = behavior.origin ?? 'default';
  if (!targets.includes(target)) {
    out.push({
      path: `${path}.origin`,
      message: `is "${target}", which is neither in \`origins\` nor in \`originGroups\`; known: ${targets.join(', ') || '(none)'}.`,
    });
  }
  // docs/cloudfront-rules.md#legacy-cache-settings: a cache policy or the legacy settings, not both.
  if (behavior.cache && behavior.cachePolicy !== undefined) {
    out.push({
      path: `${path}.cache`,
      message: 'is set together with cachePolicy; CloudFront takes one or the other. Remove one.',
    });
  }
  // docs/cloudfront-rules.md#origin-request-policies: only together with a cache policy.
  if (behavior.originRequestPolicy !== undefined && behavior.cache) {
    out.push({
      path: `${path}.originRequestPolicy`,
      message:
        'needs a cachePolicy; CloudFront does not combine it with the legacy `cache` settings.',
    });
  }
  const allowed = behavior.allowedMethods ?? ['GET', 'HEAD'];
  for (const method of behavior.cachedMethods ?? []) {
    if (!allowed.includes(method)) {
      out.push({
        path: `${path}.cachedMethods`,
        message: `includes ${method}, which allowedMethods does not allow.`,
      });
    }
  }
  for (const [eventType, association] of Object.entries(behavior.functions ?? {})) {
    // docs/cloudfront-rules.md#deploy-include-body
    if (
      typeof association === 'object' &&
      association.includeBody &&
      !isRequestEvent(eventType as EventType)
    ) {
      out.push({
        path: `${path}.functions.${eventType}.includeBody`,
        message:
          'is set on a response event; IncludeBody works only for viewer-request and origin-request.',
      });
    }
  }
}
