// A PostgreSQL server for the tests: TSUNAGU_TEST_POSTGRES_URL when set, otherwise a throw-away
// cluster from Debian's server binaries (apt-get install postgresql) on a free loopback port,
// removed afterwards. initdb refuses to run as root, so as root the cluster belongs to `postgres`.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

function serverBinaries() {
  const root = "/usr/lib/postgresql";
  if (!fs.existsSync(root)) return null;
  const versions = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, "bin/initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(root, versions[0], "bin") : null;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/** @returns {Promise<{ url: string, stop: () => Promise<void> } | null>} */
export async function startTestPostgres() {
  if (process.env.TSUNAGU_TEST_POSTGRES_URL) return { url: process.env.TSUNAGU_TEST_POSTGRES_URL, stop: async () => {} };
  const bin = serverBinaries();
  if (!bin) return null;
  const asRoot = process.getuid?.() === 0;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tsunagu-pg-"));
  const run = (command, args) => {
    const full = [path.join(bin, command), ...args];
    if (!asRoot) return execFileSync(full[0], full.slice(1), { stdio: "pipe" });
    return execFileSync("su", ["postgres", "-c", full.map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ")], { stdio: "pipe" });
  };
  if (asRoot)
    fs.chownSync(
      dataDir,
      Number(execFileSync("id", ["-u", "postgres"]).toString()),
      Number(execFileSync("id", ["-g", "postgres"]).toString()),
    );
  run("initdb", ["-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
  const port = await freePort();
  run("pg_ctl", [
    "-D",
    dataDir,
    "-o",
    `-h 127.0.0.1 -p ${port} -k ${dataDir} -c fsync=off -c max_connections=300`,
    "-l",
    path.join(dataDir, "log"),
    "-w",
    "start",
  ]);
  return {
    url: `postgresql://postgres@127.0.0.1:${port}`,
    async stop() {
      spawnSync(
        asRoot ? "su" : path.join(bin, "pg_ctl"),
        asRoot
          ? ["postgres", "-c", `${path.join(bin, "pg_ctl")} -D ${dataDir} -m immediate stop`]
          : ["-D", dataDir, "-m", "immediate", "stop"],
        { stdio: "pipe" },
      );
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
