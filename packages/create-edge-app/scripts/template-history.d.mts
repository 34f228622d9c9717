/** scripts/template-history.mjs, for the tests that check the committed archive. */
export const ARCHIVE_PATH: string;
export function hasFullHistory(): boolean;
export function buildArchive(): Buffer;
