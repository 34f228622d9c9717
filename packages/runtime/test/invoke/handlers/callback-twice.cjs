// Calls back twice: Lambda keeps the first result.
exports.handler = (event, _context, callback) => {
  const { request } = event.Records[0].cf;
  callback(null, { ...request, uri: '/first' });
  callback(null, { ...request, uri: '/second' });
};
