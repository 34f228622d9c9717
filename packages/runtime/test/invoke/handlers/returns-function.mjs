// Returns a function, which has no JSON encoding at all.
export const handler = async () => () => 'not data';
