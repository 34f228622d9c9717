// Answers with this thread's nice value, read from /proc (Linux).
import { readFileSync } from 'node:fs';

export const handler = async (event) => {
  const stat = readFileSync('/proc/thread-self/stat', 'utf8');
  // Fields after the command name, which is in parentheses: nice is the 19th field overall.
  const nice = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16];
  const { request } = event.Records[0].cf;
  request.headers['x-nice'] = [{ key: 'X-Nice', value: String(nice) }];
  return request;
};
