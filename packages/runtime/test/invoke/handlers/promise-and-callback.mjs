// Both returns a promise and calls back; the query string says which settles first.
export const handler = (event, _context, callback) => {
  const { request } = event.Records[0].cf;
  if (request.querystring === 'callback-first') {
    callback(null, { ...request, uri: '/from-callback' });
    return new Promise((resolve) =>
      setTimeout(() => resolve({ ...request, uri: '/from-promise' }), 20),
    );
  }
  setTimeout(() => callback(null, { ...request, uri: '/from-callback' }), 20);
  return Promise.resolve({ ...request, uri: '/from-promise' });
};
