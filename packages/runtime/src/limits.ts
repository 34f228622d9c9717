/**
 * Lambda@Edge limits per event type, in two profiles. Sources: the CloudFront Developer Guide
 * quotas page (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html)
 * and "Restrictions on Lambda@Edge" (lambda-at-edge-function-restrictions.html).
 *
 * The 2025 revisions of those pages contradict the long-standing viewer limits (5 s, 128 MB,
 * 1 MB zipped) and no AWS announcement confirms the change, so `strict` keeps the values
 * CloudFront has enforced at association time for years and `latest` follows the newest text.
 */
import type { EventType } from '@edge-app/events';
import type { EventLimits, LimitOverrides, LimitProfileName } from './config.ts';

const KB = 1024;
const MB = 1024 * KB;

const viewerStrict: EventLimits = {
  timeoutSeconds: 5,
  memoryMB: 128,
  // "Max allowed: 1048576" in InvalidLambdaFunctionAssociation errors reported by users.
  zipBytes: 1 * MB,
  generatedResponseBytes: 40 * KB,
  bodyBytes: 40 * KB,
  textBodyBytes: 40 * KB,
  // 53.2 KB as documented: 40 KB of bytes base64-encoded.
  base64BodyBytes: Math.round(53.2 * KB),
};

const originStrict: EventLimits = {
  timeoutSeconds: 30,
  // Origin events take the function's configured memory, up to Lambda's 10,240 MB; 128 MB is
  // Lambda's default when nothing is configured.
  memoryMB: 128,
  zipBytes: 50 * MB,
  generatedResponseBytes: 1 * MB,
  bodyBytes: 1 * MB,
  textBodyBytes: 1 * MB,
  base64BodyBytes: Math.round(1.33 * MB),
};

export const LIMIT_PROFILES: Record<LimitProfileName, Record<EventType, EventLimits>> = {
  strict: {
    'viewer-request': viewerStrict,
    'viewer-response': viewerStrict,
    'origin-request': originStrict,
    'origin-response': originStrict,
  },
  latest: {
    'viewer-request': { ...viewerStrict, timeoutSeconds: 30, zipBytes: 50 * MB },
    'viewer-response': { ...viewerStrict, timeoutSeconds: 30, zipBytes: 50 * MB },
    'origin-request': originStrict,
    'origin-response': originStrict,
  },
};

/** The most memory a function may be configured with, per event type and profile. */
export const MAX_MEMORY_MB: Record<LimitProfileName, Record<EventType, number>> = {
  strict: {
    'viewer-request': 128,
    'viewer-response': 128,
    'origin-request': 10_240,
    'origin-response': 10_240,
  },
  // The latest quota table says "same as Lambda" for every event, the feature comparison page
  // still says 128 MB for viewer events; follow the more permissive reading here.
  latest: {
    'viewer-request': 10_240,
    'viewer-response': 10_240,
    'origin-request': 10_240,
    'origin-response': 10_240,
  },
};

/** The most timeout a function may be configured with, per event type and profile. */
export const MAX_TIMEOUT_SECONDS: Record<LimitProfileName, Record<EventType, number>> = {
  strict: {
    'viewer-request': 5,
    'viewer-response': 5,
    'origin-request': 30,
    'origin-response': 30,
  },
  latest: {
    'viewer-request': 30,
    'viewer-response': 30,
    'origin-request': 30,
    'origin-response': 30,
  },
};

/** Limits for one event type: the profile's, then overrides, in that order. */
export function resolveLimits(
  eventType: EventType,
  profile: LimitProfileName = 'strict',
  ...overrides: Array<LimitOverrides | Partial<EventLimits> | undefined>
): EventLimits {
  let limits = { ...LIMIT_PROFILES[profile][eventType] };
  for (const override of overrides) {
    if (!override) continue;
    const perEvent = (override as LimitOverrides)[eventType];
    const values = isPerEvent(override) ? perEvent : (override as Partial<EventLimits>);
    if (values) limits = { ...limits, ...definedOnly(values) };
  }
  return limits;
}

function isPerEvent(value: object): value is LimitOverrides {
  return Object.keys(value).some((key) => key.includes('-'));
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
