// An exception escapes from a timer, outside the handler's promise: the runtime dies.
export const handler = () =>
  new Promise(() => {
    setTimeout(() => {
      throw new RangeError('escaped from a timer');
    }, 5);
  });
