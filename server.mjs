// The production server: `npm start` runs `node server.mjs build/index.js`. It serves the build exactly
// as remix-serve does (Express: compression, the build's assets cached for a year, public/ for an
// hour, a request log line, then Remix), with one thing in front: the data webhooks (orders, refunds,
// customers) are checked and recorded by the build's takeWebhookRequest straight from Node's request,
// without Express or Remix — ~2.5 ms of CPU per delivery through them, a few tenths of a millisecond
// without (docs/decisions/049-webhook-intake-before-remix.md). The webhook routes stay: they answer the
// same paths the same way wherever Remix serves alone (`shopify app dev`, remix-serve).
import http from "node:http";
import path from "node:path";
import url from "node:url";
import { createRequestHandler } from "@remix-run/express";
import { installGlobals } from "@remix-run/node";
import compression from "compression";
import express from "express";
import morgan from "morgan";

process.env.NODE_ENV = process.env.NODE_ENV ?? "production";

const buildPath = path.resolve(process.argv[2] ?? "build/index.js");
// Importing the build starts the app (entry.server.tsx: environment check, job queue, worker).
const build = await import(url.pathToFileURL(buildPath).href);
installGlobals({ nativeFetch: build.future.v3_singleFetch });

const app = express();
app.disable("x-powered-by");
app.use(compression());
app.use(build.publicPath, express.static(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" }));
app.use(express.static("public", { maxAge: "1h" }));
app.use(morgan("tiny"));
app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV }));

const takeWebhookRequest = build.entry.module.takeWebhookRequest;
const server = http.createServer((request, response) => {
  if (!takeWebhookRequest(request, response)) app(request, response);
});
const port = Number(process.env.PORT) || 3000;
const onListen = () => console.log(`[tsunagu] http://${process.env.HOST || "localhost"}:${port}`);
if (process.env.HOST) server.listen(port, process.env.HOST, onListen);
else server.listen(port, onListen);

// As remix-serve: stop taking connections; the process ends once nothing else runs (start.server.ts
// stops the job queue on the same signals).
for (const signal of ["SIGTERM", "SIGINT"]) process.once(signal, () => server.close((error) => error && console.error(error)));
