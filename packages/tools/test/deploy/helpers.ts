/**
 * A deploy test's world: the fake AWS endpoint reached through AWS_ENDPOINT_URL with fake static
 * credentials, a temporary workspace root, and deploy's dependencies with a build that writes
 * zips whose bytes the test controls (so these tests do not depend on the bundler).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EdgeConfig } from '@edge-app/runtime';
import { expect, vi } from 'vitest';
import { type CallLimits, createAwsClients, destroyAwsClients } from '../../src/deploy/aws.ts';
import { deploy } from '../../src/deploy/deploy.ts';
import { lineReporter } from '../../src/deploy/progress.ts';
import type { DeployDeps, RunOptions } from '../../src/deploy/session.ts';
import { ToolsError } from '../../src/errors.ts';
import type { FunctionPackage, Project } from '../../src/project.ts';
import { distributionXml, type FixtureOptions } from './fake-aws/distribution-fixture.ts';
import { FAKE_ACCESS_KEY, FAKE_SECRET_KEY, type FakeAws, startFakeAws } from './fake-aws/server.ts';
import { addDistribution, DISTRIBUTION_ID } from './fake-aws/state.ts';
import { canonical, child, childrenNamed, type XmlNode } from './fake-aws/xml.ts';

export { DISTRIBUTION_ID };

/** What the fixture distribution's behaviors are set to, as edge.config.ts writes it. */
export const SITE_BEHAVIOR = { origin: 'site', viewerProtocolPolicy: 'redirect-to-https' } as const;

/** A config whose behaviors and origins agree with the fixture distribution's. */
export function baseConfig(): EdgeConfig {
  return {
    origins: { site: { dir: 'public' } },
    defaultRootObject: 'index.html',
    defaultBehavior: {
      ...SITE_BEHAVIOR,
      functions: {
        'viewer-request': 'auth',
        'origin-request': { function: 'router', includeBody: true },
      },
    },
    behaviors: [
      { pathPattern: '/api/*', ...SITE_BEHAVIOR, functions: { 'origin-response': 'headers' } },
    ],
    functions: { router: { memoryMB: 512, timeoutSeconds: 10 } },
    stages: { prod: { distributionId: DISTRIBUTION_ID } },
  };
}

const PACKAGES: Array<Pick<FunctionPackage, 'name' | 'eventType'>> = [
  { name: 'auth', eventType: 'viewer-request' },
  { name: 'router', eventType: 'origin-request' },
  { name: 'headers', eventType: 'origin-response' },
];

export interface World {
  fake: FakeAws;
  root: string;
  project: Project;
  deps: DeployDeps;
  logs: string[];
  /** What the next build puts in a function's zip. */
  code: Map<string, string>;
  options(extra?: Partial<RunOptions>): RunOptions;
  /** The distribution's config as the fake holds it now. */
  distribution(): XmlNode;
  etag(): string;
  close(): Promise<void>;
}

export async function createWorld(
  setup: {
    fixture?: FixtureOptions;
    config?: EdgeConfig;
    maxAttempts?: number;
    /** Short timeouts for the tests of a silent endpoint. */
    limits?: Partial<CallLimits>;
  } = {},
): Promise<World> {
  const fake = await startFakeAws();
  addDistribution(fake.state, DISTRIBUTION_ID, distributionXml(setup.fixture));
  vi.stubEnv('AWS_ENDPOINT_URL', fake.url);
  vi.stubEnv('AWS_ACCESS_KEY_ID', FAKE_ACCESS_KEY);
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', FAKE_SECRET_KEY);
  vi.stubEnv('AWS_SESSION_TOKEN', '');
  // Deploy must sign for us-east-1 whatever the environment says; the fake refuses anything else.
  vi.stubEnv('AWS_REGION', 'eu-west-1');
  vi.stubEnv('AWS_PROFILE', '');
  vi.stubEnv('AWS_CONFIG_FILE', join(tmpdir(), 'edge-deploy-no-aws-config'));
  vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(tmpdir(), 'edge-deploy-no-aws-credentials'));

  const root = mkdtempSync(join(tmpdir(), 'edge-deploy-'));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'shop', private: true }));
  const functions: FunctionPackage[] = PACKAGES.map((p) => ({
    ...p,
    dir: join(root, 'packages', p.name),
    entry: join(root, 'packages', p.name, 'src', 'index.ts'),
    language: 'node',
  }));
  const project: Project = { root, config: setup.config ?? baseConfig(), functions };
  const code = new Map(PACKAGES.map((p) => [p.name, `code of ${p.name} v1`]));
  const logs: string[] = [];
  let clock = Date.parse('2026-03-01T10:00:00Z');
  const clients = createAwsClients({ maxAttempts: setup.maxAttempts ?? 2, ...setup.limits });
  const reporter = lineReporter((line) => logs.push(line));
  const deps: DeployDeps = {
    clients,
    async build(p) {
      mkdirSync(join(p.root, 'dist'), { recursive: true });
      return p.functions.map((fn) => {
        const zipPath = join(p.root, 'dist', `${fn.name}.zip`);
        const bytes = code.get(fn.name) ?? '';
        writeFileSync(zipPath, bytes);
        return { name: fn.name, zipPath, zipBytes: bytes.length };
      });
    },
    confirm: async () => true,
    interactive: false,
    log: reporter.log,
    step: reporter.step,
    now: () => {
      clock += 60_000;
      return new Date(clock);
    },
    sleep: async () => {},
    waitIntervalMs: 0,
  };
  return {
    fake,
    root,
    project,
    deps,
    logs,
    code,
    options: (extra = {}) => ({ stage: 'prod', dryRun: false, yes: true, wait: false, ...extra }),
    distribution: () => fake.state.distributions.get(DISTRIBUTION_ID)!.config,
    etag: () => fake.state.distributions.get(DISTRIBUTION_ID)!.etag,
    async close() {
      destroyAwsClients(clients);
      await fake.close();
      vi.unstubAllEnvs();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Associations in a distribution config: `behavior eventType arn [body]`, sorted. */
export function associationsIn(config: XmlNode): string[] {
  const lines: string[] = [];
  const behaviors: Array<[string, XmlNode | undefined]> = [
    ['(default)', child(config, 'DefaultCacheBehavior')],
    ...childrenNamed(child(child(config, 'CacheBehaviors'), 'Items'), 'CacheBehavior').map(
      (b): [string, XmlNode] => [child(b, 'PathPattern')?.text.trim() ?? '', b],
    ),
  ];
  for (const [name, behavior] of behaviors) {
    const items = child(child(behavior, 'LambdaFunctionAssociations'), 'Items');
    for (const item of childrenNamed(items, 'LambdaFunctionAssociation')) {
      const body = child(item, 'IncludeBody')?.text.trim() === 'true' ? ' body' : '';
      lines.push(
        `${name} ${child(item, 'EventType')?.text.trim()} ${child(item, 'LambdaFunctionARN')?.text.trim()}${body}`,
      );
    }
  }
  return lines.sort();
}

/** The config with every LambdaFunctionAssociations removed, canonical: what deploy must not touch. */
export function withoutAssociations(config: XmlNode): string {
  const strip = (node: XmlNode): XmlNode => ({
    ...node,
    children: node.children.filter((c) => c.name !== 'LambdaFunctionAssociations').map(strip),
  });
  return canonical(strip(config));
}

export const ARN = (name: string, version: number) =>
  `arn:aws:lambda:us-east-1:123456789012:function:shop-prod-${name}:${version}`;

/** Runs a deploy that must fail with an ToolsError, and returns that error. */
export async function deployRefused(world: World): Promise<ToolsError> {
  const error = await deploy(world.project, world.options(), world.deps).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ToolsError);
  return error as ToolsError;
}
