// Runs the built app (server.mjs build/index.js, as `npm start` does) as its own process against the
// local emulator, configured only through its environment — exactly as it runs in production against Shopify.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { TEST_APP } from "./test-app";

const REPO_ROOT = path.resolve(__dirname, "../..");
const STOP_GRACE_MS = 10_000;

export interface AppProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

export interface AppProcessOptions {
  port: number;
  emulatorUrl: string;
  databaseUrl: string;
  /** The app's "now" (TSUNAGU_NOW). */
  now?: string;
  env?: Record<string, string>;
}

export function appEnvironment({ port, emulatorUrl, databaseUrl, now, env = {} }: AppProcessOptions): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    PORT: String(port),
    SHOPIFY_API_KEY: TEST_APP.apiKey,
    SHOPIFY_API_SECRET: TEST_APP.apiSecret,
    SHOPIFY_APP_URL: `http://127.0.0.1:${port}`,
    SCOPES: "read_customers,write_customers,read_orders,read_all_orders,read_products",
    DATABASE_URL: databaseUrl,
    SHOPIFY_API_ORIGIN: emulatorUrl,
    SHOPIFY_ADMIN_ORIGIN: emulatorUrl,
    APP_BRIDGE_URL: `${emulatorUrl}/app-bridge.js`,
    ...(now ? { TSUNAGU_NOW: now } : {}),
    ...env,
  };
}

export async function startAppProcess(options: AppProcessOptions): Promise<AppProcess> {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, "server.mjs"), `${process.env.TSUNAGU_BUILD_DIR || "build"}/index.js`], {
    cwd: REPO_ROOT,
    env: appEnvironment(options),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The app exited (${child.exitCode}):\n${output}`);
    try {
      await fetch(`${url}/auth/login`);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`The app did not start within 30 s:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    url,
    child,
    output: () => output,
    // SIGTERM as in production (the app finishes its running jobs and exits); a test does not wait
    // longer than STOP_GRACE_MS for a long job, since every job resumes from the database.
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const kill = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
        child.once("exit", () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}
