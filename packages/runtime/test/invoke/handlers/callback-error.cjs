exports.handler = (_event, _context, callback) => {
  callback(new Error('denied by callback'));
};
