// The demo as a tool others drive: started on an empty shop with its own database, it prints one JSON
// line when ready, serves the app and the emulator, and stops on SIGTERM.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { afterAll, describe, expect, it } from "vitest";

const REPO_ROOT = path.resolve(__dirname, "../..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tsunagu-demo-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("npm run demo -- --store empty --json --database <file>", () => {
  it("prints one ready line naming the shop, the URLs, the secret and the database, serves them, and exits 0 on SIGTERM", async () => {
    const databaseFile = path.join(dir, "demo.db");
    const child = spawn(
      process.execPath,
      [
        path.join(REPO_ROOT, "node_modules/tsx/dist/cli.mjs"),
        "tests/demo/run-demo.ts",
        "--store",
        "empty",
        "--json",
        "--database",
        databaseFile,
        "--port",
        "0",
        "--app-port",
        "0",
      ],
      { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] },
    );
    let log = "";
    child.stderr!.on("data", (chunk) => (log += chunk));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      const lines = readline.createInterface({ input: child.stdout! });
      const first = await new Promise<string>((resolve, reject) => {
        lines.once("line", resolve);
        exited.then((code) => reject(new Error(`the demo exited (${code}) before it was ready:\n${log}`)));
      });
      const ready = JSON.parse(first);
      expect(Object.keys(ready).sort()).toEqual(["adminShellUrl", "apiSecret", "appUrl", "databaseUrl", "emulatorUrl", "shop"]);
      expect(ready.shop).toBe("empty.myshopify.com");
      expect(ready.databaseUrl).toBe(`file:${databaseFile}`);
      expect(fs.existsSync(databaseFile)).toBe(true);
      expect(ready.adminShellUrl.startsWith(ready.emulatorUrl)).toBe(true);
      expect((await fetch(`${ready.appUrl}/auth/login`)).status).toBeLessThan(500);
      expect((await fetch(ready.adminShellUrl)).status).toBe(200);

      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      await expect(fetch(`${ready.appUrl}/auth/login`)).rejects.toThrow();
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  }, 180_000);
});
