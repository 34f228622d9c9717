// Returns a function that is also a thenable: Lambda's runtime awaits anything with a `then`.
export const handler = (event) => {
  const thenable = () => {};
  // biome-ignore lint/suspicious/noThenProperty: a thenable is what this fixture is about.
  thenable.then = (resolve) => resolve(event.Records[0].cf.request);
  return thenable;
};
