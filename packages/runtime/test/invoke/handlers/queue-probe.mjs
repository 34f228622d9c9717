// Does what the query string asks and says which container ran it and when, for the tests of
// invocations that wait inside a busy container: `ms` waits, `log` writes a line before and
// after the wait, `end=exit` ends the thread and `end=loop` never returns.
const container = `${process.pid}-${Math.random().toString(36).slice(2)}`;

export const handler = async (event, context) => {
  const { request } = event.Records[0].cf;
  const query = new URLSearchParams(request.querystring);
  const started = Date.now();
  const remaining = context.getRemainingTimeInMillis();
  const line = query.get('log');
  if (line) console.log(line);
  if (query.get('end') === 'exit') process.exit(3);
  if (query.get('end') === 'loop') for (;;);
  await new Promise((resolve) => setTimeout(resolve, Number(query.get('ms') ?? 0)));
  if (line) console.log(`${line} again`);
  const probe = { container, started, ended: Date.now(), remaining };
  request.headers['x-probe'] = [{ key: 'X-Probe', value: JSON.stringify(probe) }];
  return request;
};
