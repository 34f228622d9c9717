/**
 * A distribution's configuration (GetDistributionConfig) in edge.config.ts's vocabulary: the
 * settings of the local CloudFront that `edge pull` writes and `edge deploy` compares. Pure:
 * the custom policies come in a PolicyBook read beforehand (read.ts); each behavior is read by
 * remote-behavior.ts.
 */
import type {
  CacheBehavior as ApiCacheBehavior,
  Origin as ApiOrigin,
  DistributionConfig,
} from '@aws-sdk/client-cloudfront';
import type { CustomErrorResponse, OriginGroupConfig, OriginSettings } from '@edge-app/runtime';
import { items } from './policies.ts';
import { type PolicyBook, type RemoteBehavior, remoteBehavior } from './remote-behavior.ts';

export interface RemoteOrigin {
  id: string;
  /** An S3 REST origin (S3OriginConfig) or anything else CloudFront proxies to. */
  kind: 's3' | 'custom';
  domainName: string;
  originPath: string;
  /** The base URL a `{ url }` origin uses for a custom origin. */
  url: string;
  settings: OriginSettings & { originReadTimeout?: number };
}

export interface RemoteConfig {
  origins: RemoteOrigin[];
  originGroups: Record<string, OriginGroupConfig>;
  defaultBehavior: RemoteBehavior;
  behaviors: RemoteBehavior[];
  customErrorResponses: CustomErrorResponse[];
  /** Undefined when the distribution sets none. */
  defaultRootObject: string | undefined;
  /** What the local CloudFront does not carry over, one sentence each. */
  notes: string[];
}

/**
 * `config` in edge.config.ts's terms. A custom policy missing from `book` is an error unless
 * `tolerant`, when the field is listed in the behavior's `unread` instead.
 */
export function remoteConfig(
  config: DistributionConfig,
  book: PolicyBook,
  { tolerant = false }: { tolerant?: boolean } = {},
): RemoteConfig {
  const notes: string[] = [];
  const origins = items(config.Origins).map((origin) => remoteOrigin(origin, notes));
  const originGroups: Record<string, OriginGroupConfig> = {};
  for (const group of items(config.OriginGroups)) {
    const members = items(group.Members).map((m) => m.OriginId ?? '');
    originGroups[group.Id ?? ''] = {
      members: [members[0] ?? '', members[1] ?? ''],
      failoverCriteria: {
        statusCodes: items(group.FailoverCriteria?.StatusCodes).map(Number),
      },
    };
    if (group.SelectionCriteria === 'media-quality-based') {
      notes.push(
        `Origin group "${group.Id}" selects by media quality, which \`pnpm dev\` does not emulate: it fails over on the status codes only.`,
      );
    }
  }
  const read = (b: ApiCacheBehavior, path: string | undefined) =>
    remoteBehavior(b, path, book, tolerant, notes);
  const defaultBehavior = read((config.DefaultCacheBehavior ?? {}) as ApiCacheBehavior, undefined);
  const behaviors = items(config.CacheBehaviors).map((b) => read(b, b.PathPattern ?? ''));
  const customErrorResponses = items(config.CustomErrorResponses).map(
    (item): CustomErrorResponse => {
      const responseCode = Number(item.ResponseCode);
      return {
        errorCode: item.ErrorCode ?? 0,
        ...(item.ResponsePagePath ? { responsePagePath: item.ResponsePagePath } : {}),
        ...(item.ResponsePagePath && item.ResponseCode && Number.isFinite(responseCode)
          ? { responseCode }
          : {}),
        ...(item.ErrorCachingMinTTL !== undefined
          ? { errorCachingMinTTL: item.ErrorCachingMinTTL }
          : {}),
      };
    },
  );
  return {
    origins,
    originGroups,
    defaultBehavior,
    behaviors,
    customErrorResponses,
    defaultRootObject: config.DefaultRootObject || undefined,
    notes,
  };
}

function remoteOrigin(origin: ApiOrigin, notes: string[]): RemoteOrigin {
  const id = origin.Id ?? '';
  const domainName = origin.DomainName ?? '';
  const originPath = origin.OriginPath ?? '';
  const customHeaders = Object.fromEntries(
    items(origin.CustomHeaders).map((h) => [h.HeaderName ?? '', h.HeaderValue ?? '']),
  );
  const settings: RemoteOrigin['settings'] = {
    connectionAttempts: origin.ConnectionAttempts ?? 3,
    connectionTimeout: origin.ConnectionTimeout ?? 10,
    ...(Object.keys(customHeaders).length > 0 ? { customHeaders } : {}),
  };
  const custom = origin.CustomOriginConfig;
  // An S3 REST origin says so; emulators that leave S3OriginConfig out still give the
  // bucket's REST domain. A VPC origin is a server, reached over HTTPS.
  const s3 =
    origin.S3OriginConfig !== undefined ||
    (!custom &&
      !origin.VpcOriginConfig &&
      /\.s3[.-]([a-z0-9-]+\.)?amazonaws\.com$/.test(domainName));
  if (s3) return { id, kind: 's3', domainName, originPath, url: `https://${domainName}`, settings };
  if (!custom) {
    const readTimeout = origin.VpcOriginConfig?.OriginReadTimeout ?? 30;
    return {
      id,
      kind: 'custom',
      domainName,
      originPath,
      url: `https://${domainName}${originPath}`,
      settings: { ...settings, originReadTimeout: readTimeout },
    };
  }
  // The protocol CloudFront uses towards the origin; `match-viewer` is taken as HTTPS, as the
  // dev server's viewers are by default (DevSettings.viewerProtocol).
  const http = custom.OriginProtocolPolicy === 'http-only';
  const port = http ? (custom.HTTPPort ?? 80) : (custom.HTTPSPort ?? 443);
  const standard = http ? port === 80 : port === 443;
  const url = `${http ? 'http' : 'https'}://${domainName}${standard ? '' : `:${port}`}${originPath}`;
  if (custom.OriginProtocolPolicy === 'match-viewer') {
    notes.push(
      `Origin "${id}" matches the viewer's protocol; pulled as ${url} (HTTPS, as \`pnpm dev\` takes its viewers to use).`,
    );
  }
  return {
    id,
    kind: 'custom',
    domainName,
    originPath,
    url,
    settings: { ...settings, originReadTimeout: custom.OriginReadTimeout ?? 30 },
  };
}
