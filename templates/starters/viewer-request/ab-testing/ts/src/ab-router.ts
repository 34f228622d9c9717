/**
 * Variant assignment at the edge, before the cache: a viewer with a valid variant cookie keeps it,
 * anyone else is assigned one at random by weight. The request URI is rewritten under the variant's
 * prefix (the cache key follows the rewritten URI,
 * docs/cloudfront-rules.md#viewer-request-and-cache-key, step 2) and the variant is named in a
 * request header that viewer-response reads to set the cookie.
 */
import { getCookie, type ViewerRequest, type ViewerRequestEvent } from '@edge-app/events';

export interface Variant {
  /** Cookie-safe: letters, digits, `-` and `_`. */
  name: string;
  /** Relative share of new viewers; 0 stops assigning it (existing cookies stay). */
  weight: number;
  /** `''` or a path like `/experiments/b`, prepended to the URI. */
  pathPrefix: string;
}

export interface Experiment {
  cookie: string;
  header: string;
  paths: string[];
  variants: Variant[];
}

function check(experiment: Experiment): void {
  if (experiment.variants.length === 0) throw new Error('experiment.variants is empty.');
  for (const variant of experiment.variants) {
    if (!/^[A-Za-z0-9_-]+$/.test(variant.name)) {
      throw new Error(
        `Variant name "${variant.name}": use letters, digits, "-" and "_" (it is a cookie value).`,
      );
    }
    if (!(variant.weight >= 0))
      throw new Error(`Variant "${variant.name}": weight must be 0 or more.`);
    if (variant.pathPrefix !== '' && !/^\/.*[^/]$/.test(variant.pathPrefix)) {
      throw new Error(
        `Variant "${variant.name}": pathPrefix must be '' or start with "/" and not end with "/".`,
      );
    }
  }
  if (experiment.variants.every((variant) => variant.weight === 0)) {
    throw new Error('experiment.variants: at least one weight must be above 0.');
  }
}

/** The variant a random number in [0, 1) falls on, by cumulative weight. */
export function pickVariant(variants: Variant[], random: number): Variant {
  const total = variants.reduce((sum, variant) => sum + variant.weight, 0);
  let point = random * total;
  for (const variant of variants) {
    if (variant.weight > 0 && point < variant.weight) return variant;
    point -= variant.weight;
  }
  // Rounding at the very top of the range: the last variant with weight.
  return variants.filter((variant) => variant.weight > 0).at(-1) as Variant;
}

export function createAbRouter(
  experiment: Experiment,
  random: () => number = Math.random,
): (event: ViewerRequestEvent) => Promise<ViewerRequest> {
  check(experiment);
  const byName = new Map(experiment.variants.map((variant) => [variant.name, variant]));
  const header = experiment.header.toLowerCase();
  return async (event) => {
    const { request } = event.Records[0].cf;
    // The viewer does not get to name a variant through the header, only through the cookie.
    delete request.headers[header];
    if (!experiment.paths.some((path) => request.uri.startsWith(path))) return request;

    const fromCookie = byName.get(getCookie(request.headers, experiment.cookie) ?? '');
    const variant = fromCookie ?? pickVariant(experiment.variants, random());
    request.uri = variant.pathPrefix + request.uri;
    request.headers[header] = [{ value: variant.name }];
    return request;
  };
}
