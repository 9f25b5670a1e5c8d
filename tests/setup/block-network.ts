// Tests talk only to this machine: the emulator, the app and the database on loopback.
// Any other destination fails loudly instead of hanging or leaking traffic.
import net from "node:net";

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost|::ffff:127\.\d+\.\d+\.\d+)$/;

function targetHost(args: unknown[]): string | undefined {
  const [first] = args;
  if (first && typeof first === "object" && !Array.isArray(first)) {
    const options = first as { host?: string; path?: string };
    if (options.path) return "localhost"; // unix socket
    return options.host ?? "localhost";
  }
  if (typeof first === "string" && Number.isNaN(Number(first))) return "localhost"; // unix socket path
  const host = args[1];
  return typeof host === "string" ? host : "localhost";
}

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function connect(this: net.Socket, ...args: unknown[]) {
  const host = targetHost(args);
  if (host && !LOOPBACK.test(host)) {
    throw new Error(`Network access to ${host} is blocked in tests; use the local Shopify emulator.`);
  }
  return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;
