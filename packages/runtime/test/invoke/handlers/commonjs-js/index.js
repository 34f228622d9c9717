// A .js file in a "type": "commonjs" package: loaded as CommonJS, as Lambda would load it.
module.exports.handler = async (event) => {
  const { request } = event.Records[0].cf;
  const format = typeof require === 'function' && typeof module === 'object' ? 'commonjs' : 'esm';
  request.headers['x-module-format'] = [{ key: 'X-Module-Format', value: format }];
  return request;
};
