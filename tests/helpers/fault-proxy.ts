// An HTTP proxy between the app and the emulator that misbehaves on request: the n-th request through
// it can be answered with an error status, held past the client's timeout (and still delivered to the
// emulator afterwards, as a slow Shopify would still apply it), or cut off mid-answer (connection reset).
import http from "node:http";
import type { AddressInfo } from "node:net";

export type Fault = { status: number } | { delayMs: number } | { reset: true };

export interface FaultProxy {
  url: string;
  /** Decides the fault of the n-th request (1-based); null lets it through untouched. */
  faults: (n: number) => Fault | null;
  /** Requests seen, and how many of them were given a fault. */
  stats: { requests: number; faulted: number };
  close(): Promise<void>;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const proxy: FaultProxy = { url: "", faults: () => null, stats: { requests: 0, faulted: 0 }, close: async () => {} };
  const server = http.createServer(async (request, response) => {
    const n = ++proxy.stats.requests;
    const fault = proxy.faults(n);
    if (fault) proxy.stats.faulted += 1;
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    if (fault && "status" in fault) {
      response.writeHead(fault.status, { "Content-Type": "application/json" });
      return response.end(JSON.stringify({ errors: "Injected fault" }));
    }
    if (fault && "delayMs" in fault) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    const headers = Object.fromEntries(
      Object.entries(request.headers).filter(([name]) => !["host", "connection", "content-length"].includes(name)),
    ) as Record<string, string>;
    let answer: Response;
    try {
      answer = await fetch(new URL(request.url ?? "/", target), {
        method: request.method,
        headers,
        body: request.method === "GET" || request.method === "HEAD" ? undefined : Buffer.concat(chunks),
      });
    } catch {
      response.destroy();
      return;
    }
    const body = Buffer.from(await answer.arrayBuffer());
    if (response.destroyed || request.socket.destroyed) return; // the client gave up waiting
    response.writeHead(answer.status, {
      "Content-Type": answer.headers.get("content-type") ?? "application/json",
      "Content-Length": String(body.length),
    });
    if (fault && "reset" in fault) {
      response.write(body.subarray(0, Math.floor(body.length / 2)));
      request.socket.destroy();
      return;
    }
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}
