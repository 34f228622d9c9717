import { createRouter } from './router.ts';
import { routing } from './routing.ts';

/**
 * Sends each cache miss to the path for the viewer's device and the origin for the viewer's
 * country, as set in routing.ts; requests without those headers go where they were going.
 */
export const handler = createRouter(routing);
