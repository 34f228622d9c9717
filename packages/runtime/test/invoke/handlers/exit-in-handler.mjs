export const handler = async () => {
  console.log('about to exit');
  process.exit(3);
};
