// Writes its container's pid to `?pidfile=`, then never returns: stuck in synchronous code,
// the container cannot notice anything around it.
import { writeFileSync } from 'node:fs';

export const handler = async (event) => {
  const query = new URLSearchParams(event.Records[0].cf.request.querystring);
  writeFileSync(query.get('pidfile'), String(process.pid));
  for (;;);
};
