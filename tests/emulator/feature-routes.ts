// HTTP endpoints that emulator features add beside the Admin GraphQL API (bulk-operation result
// files, staged uploads, app-proxy requests, …). Each feature exports one FeatureRoute from its own
// module and is listed in FEATURE_ROUTES; server.ts tries them in order before answering 404.
import type http from "node:http";
import type { AppRegistration } from "./app-config";
import type { EmulatedShop } from "./store";
import { appProxyRoute } from "./app-proxy";
import { bulkFileRoute } from "./bulk-files";
import { stagedUploadRoute } from "./staged-uploads";

export interface FeatureRouteContext {
  request: http.IncomingMessage;
  response: http.ServerResponse;
  url: URL;
  /** The emulator's own origin, e.g. http://127.0.0.1:4100 */
  origin: string;
  app: AppRegistration;
  shopByDomain(domain: string): EmulatedShop | undefined;
  shopByAccessToken(token: string): EmulatedShop | undefined;
  readBody(): Promise<Buffer>;
  send(status: number, body: unknown, headers?: Record<string, string>): void;
}

/** Handles the request and returns true, or returns false to let the next route try. */
export type FeatureRoute = (context: FeatureRouteContext) => Promise<boolean>;

export const FEATURE_ROUTES: FeatureRoute[] = [bulkFileRoute, stagedUploadRoute, appProxyRoute];
