/**
 * The starter catalogue for --help. build.mjs bakes it in as `__STARTERS__` (the list of
 * templates/starters), so --help reads no template; run from source (unit tests) it comes
 * from the built template, as a project's starters do.
 */
import type { Language, Trigger } from '../triggers.ts';

export interface StarterSummary {
  eventType: Trigger;
  starter: string;
  languages: Language[];
}

declare const __STARTERS__: string | undefined;

export async function starterCatalogue(): Promise<StarterSummary[]> {
  if (typeof __STARTERS__ === 'string') return JSON.parse(__STARTERS__) as StarterSummary[];
  const { loadTemplate } = await import('../template/template.ts');
  const { templateStarters } = await import('../render/render.ts');
  return templateStarters(loadTemplate()).list();
}
