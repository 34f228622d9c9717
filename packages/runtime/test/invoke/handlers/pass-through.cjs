// CommonJS with a callback, the style of the AWS Developer Guide examples.
exports.handler = (event, _context, callback) => {
  const { request, response } = event.Records[0].cf;
  callback(null, response ?? request);
};
