// Shared by the benches: fresh migrated SQLite databases, the app's build, the emulator in a child
// process (so the bench process's RSS is the app's alone), and the statistics they report.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import pg from "pg";
import { freePort } from "../helpers/free-port";

const ROOT = path.resolve(__dirname, "../..");
const PRISMA = path.join(ROOT, "node_modules/prisma/build/index.js");

/** A migrated SQLite database `bench.db` in `dir`; returns its URL. */
export function migratedDatabase(dir: string): string {
  const url = `file:${path.join(dir, "bench.db")}`;
  execFileSync(process.execPath, [path.join(ROOT, "node_modules/prisma/build/index.js"), "migrate", "deploy"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url },
    stdio: "pipe",
  });
  return url;
}

/** Point this process at a new, migrated database. Call before importing anything that uses Prisma. */
export function useFreshDatabase(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `tsunagu-${name}-`));
  const url = migratedDatabase(dir);
  process.env.DATABASE_URL = url;
  process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  return url;
}

export interface EmulatorChild {
  shop: string;
  accessToken: string;
  adminApiUrl: string;
  child: ChildProcess;
  stop(): void;
}

export async function startEmulatorChild({
  scale,
  plan,
  historyYears = 1,
}: {
  scale: number;
  plan: string;
  historyYears?: number;
}): Promise<EmulatorChild> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      path.join(ROOT, "node_modules/tsx/dist/cli.mjs"),
      path.join(ROOT, "tests/emulator/cli.ts"),
      "--port",
      String(port),
      "--store",
      "online-retail",
      "--scale",
      String(scale),
      "--history-years",
      String(historyYears),
      "--plan",
      plan,
    ],
    { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, NODE_OPTIONS: "--max-old-space-size=6144" } },
  );
  const stop = () => {
    if (child.exitCode === null) child.kill("SIGTERM");
  };
  process.on("exit", stop);
  const first = await new Promise<string>((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    lines.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  return { ...(JSON.parse(first) as { shop: string; accessToken: string; adminApiUrl: string }), child, stop };
}

/**
 * Build the app into `buildDir` unless a build newer than every file under app/ is there: a bench
 * measuring yesterday's build measures yesterday's code (it happened: Segments at 12 s, from a build
 * older than the dashboard aggregates).
 */
export function ensureBuild(buildDir = process.env.TSUNAGU_BUILD_DIR || "build"): void {
  const newestSource = newestSourceMtimeMs(path.join(ROOT, "app"));
  const built = ["index.js", "worker.js"].map((file) => path.resolve(ROOT, buildDir, file));
  if (built.every((file) => fs.existsSync(file) && fs.statSync(file).mtimeMs > newestSource)) return;
  // `npm run build`: the server, then the worker beside it.
  const run = (args: string[]) =>
    execFileSync(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, TSUNAGU_BUILD_DIR: buildDir },
      stdio: ["ignore", "ignore", "inherit"],
    });
  run([path.join(ROOT, "node_modules/@remix-run/dev/dist/cli.js"), "build"]);
  run([path.join(ROOT, "scripts/build-worker.mjs")]);
}

/** The build's browser assets: remix.config.js's assetsBuildDirectory (public/build for the default build/). */
export function assetsDirectory(): string {
  const config = createRequire(__filename)(path.join(ROOT, "remix.config.js")) as { assetsBuildDirectory: string };
  return path.resolve(ROOT, config.assetsBuildDirectory);
}

function newestSourceMtimeMs(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const at = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceMtimeMs(at) : fs.statSync(at).mtimeMs);
  }
  return newest;
}

/** The p-th percentile (nearest rank) of ascending `sorted`; NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((p, q) => p - q);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Samples this process's RSS every 50 ms; returns the peak in MB when stopped. */
export function trackPeakRss(): (() => number) & { sofar(): number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const sofar = () => Math.max(peak, process.memoryUsage().rss) / 1024 / 1024;
  return Object.assign(
    () => {
      clearInterval(timer);
      return sofar();
    },
    { sofar },
  );
}

/** Generates the Prisma client for PostgreSQL (for the run) or back for SQLite (after it). */
export function generatePrismaClient(dialect: "postgres" | "sqlite"): void {
  if (dialect === "postgres")
    execFileSync(process.execPath, [PRISMA, "generate", "--schema=prisma/postgres/schema.prisma"], { cwd: ROOT, stdio: "pipe" });
  else
    execFileSync(process.execPath, [PRISMA, "generate"], {
      cwd: ROOT,
      stdio: "pipe",
      env: { ...process.env, DATABASE_URL: "file:./prisma/dev.db" },
    });
}

/** A new, migrated PostgreSQL database `name` on the server at `serverUrl`; returns its URL. */
export async function createPostgresDatabase(serverUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: `${serverUrl}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = `${serverUrl}/${name}`;
  execFileSync(process.execPath, [PRISMA, "migrate", "deploy"], { cwd: ROOT, env: { ...process.env, DATABASE_URL: url }, stdio: "pipe" });
  return url;
}

/** A worker process (`npm run worker`: the build's worker.js, see ensureBuild), resolved once it is polling the queue. */
export function startWorker(env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<ChildProcess> {
  const worker = path.join(env.TSUNAGU_BUILD_DIR || "build", "worker.js");
  const child = spawn(process.execPath, [worker], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  child.stderr!.on("data", (chunk) => log(`[worker ${child.pid}] ${String(chunk).trim()}`));
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout!.on("data", (chunk) => {
      output += chunk;
      if (output.includes(`worker ${child.pid} started`)) resolve(child);
    });
    child.once("exit", (code) => reject(new Error(`worker ${child.pid} exited (${code}) before it started`)));
  });
}

export function stopWorker(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}
