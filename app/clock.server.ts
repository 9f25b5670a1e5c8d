// The app's "now". TSUNAGU_NOW pins it (the demo store's data ends in December 2011, so the demo
// runs "as of" then); production leaves it unset. Domain code never calls this: time is passed in.
import { appEnv } from "./env.server";
export function appNow(): Date {
  const pinned = appEnv().TSUNAGU_NOW;
  return pinned ? new Date(pinned) : new Date();
}
