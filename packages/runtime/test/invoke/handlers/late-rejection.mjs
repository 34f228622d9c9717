// Answers, then leaves behind a promise that rejects with nobody listening: the runtime dies
// after the invocation, while the container is idle.
export const handler = async (event) => {
  setTimeout(() => Promise.reject(new Error('rejected after the answer')), 10);
  return event.Records[0].cf.request;
};
