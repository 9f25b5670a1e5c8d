// Dormancy happens with the passing of time, without any event, so every shop is refreshed once a
// day. "A day" is the shop's own calendar day: a Tokyo shop is refreshed after midnight in Tokyo.
import { localDateString } from "./calendar";

export function isDailyRefreshDue(lastRunAt: Date | null, now: Date, timeZone: string): boolean {
  if (!lastRunAt) return true;
  return localDateString(now, timeZone) > localDateString(lastRunAt, timeZone);
}
