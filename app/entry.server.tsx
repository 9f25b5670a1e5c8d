import { PassThrough } from "node:stream";
import { renderToPipeableStream } from "react-dom/server";
import { RemixServer } from "@remix-run/react";
import { createReadableStreamFromReadable, type EntryContext } from "@remix-run/node";
import { isbot } from "isbot";
import { addDocumentResponseHeaders } from "./shopify.server";
import { allowConfiguredAdminToFrame } from "./shopify/api-origin.server";
import polarisStyles from "./styles/polaris.css";
import { startApp } from "./start.server";

// The production server (server.mjs) answers the data webhooks with this before Express and Remix.
export { takeWebhookRequest } from "./http/webhook-intake-listener.server";

// The server process starts here: the environment is checked, the job queue and schedules start.
startApp().catch((error) => {
  console.error("[tsunagu] start-up failed:", error instanceof Error ? error.message : error);
  process.exit(1);
});

const ABORT_DELAY = 5000;

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  addDocumentResponseHeaders(request, responseHeaders);
  allowConfiguredAdminToFrame(responseHeaders);
  // The render-blocking stylesheet, requested as soon as the headers arrive rather than once the
  // frame's parser reaches <head> (up to ~80 ms sooner on the busy bench machine).
  responseHeaders.append("Link", `<${polarisStyles}>; rel=preload; as=style`);
  const userAgent = request.headers.get("user-agent");
  const callbackName = isbot(userAgent ?? "") ? "onAllReady" : "onShellReady";

  return new Promise((resolve, reject) => {
    const { pipe, abort } = renderToPipeableStream(<RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} />, {
      [callbackName]: () => {
        const body = new PassThrough();
        const stream = createReadableStreamFromReadable(body);
        responseHeaders.set("Content-Type", "text/html");
        resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
        pipe(body);
      },
      onShellError(error) {
        reject(error);
      },
      onError(error) {
        responseStatusCode = 500;
        console.error(error);
      },
    });
    setTimeout(abort, ABORT_DELAY);
  });
}
