// The app's "now". TSUNAGU_NOW pins it (the demo store's data ends in December 2011, so the demo
// runs "as of" then); production leaves it unset. Domain code never calls this: time is passed in.
export function appNow(env: NodeJS.ProcessEnv = process.env): Date {
  const pinned = env.TSUNAGU_NOW;
  if (!pinned) return new Date();
  const date = new Date(pinned);
  if (Number.isNaN(date.getTime())) throw new Error(`TSUNAGU_NOW is not a date: ${pinned}`);
  return date;
}
