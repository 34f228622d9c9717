// Appends its container's pid to the file the INIT_LOG global names, once per init.
import { appendFileSync } from 'node:fs';

appendFileSync(globalThis.INIT_LOG, `${process.pid}\n`);

export const handler = async (event) => {
  const request = event.Records[0].cf.request;
  request.headers['x-pid'] = [{ key: 'X-Pid', value: String(process.pid) }];
  return request;
};
