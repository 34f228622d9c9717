import { createAbRouter } from './ab-router.ts';
import { experiment } from './experiment.ts';

/**
 * Sends each viewer to one variant of the experiment in experiment.ts, the same one on every
 * visit once the viewer-response ab-testing function has set the cookie.
 */
export const handler = createAbRouter(experiment);
