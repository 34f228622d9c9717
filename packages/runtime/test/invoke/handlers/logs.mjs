console.log('init line');

export const handler = async (event) => {
  console.log('log %s', 'formatted', { n: 1 });
  console.info('info line');
  console.warn('warn line');
  console.error('error line');
  console.debug('debug line');
  process.stdout.write('raw stdout line\n');
  return event.Records[0].cf.request;
};
