import { useEffect } from "react";
import { useRevalidator } from "@remix-run/react";

const POLL_EVERY_MS = 1500;

/** While a background job runs, reload the page's data every 1.5 s (skipping a tick while a reload is under way). */
export function usePollWhileRunning(running: boolean): void {
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, POLL_EVERY_MS);
    return () => clearInterval(timer);
  }, [running, revalidator]);
}
