// `npm run analyze` in tests: in this process through main() with its output captured, and as a real
// process the way a user runs it (the contract).
import { execFile } from "node:child_process";
import path from "node:path";
import { Writable } from "node:stream";
import { promisify } from "node:util";
import { main } from "../../app/cli/analyze";

const ROOT = path.resolve(__dirname, "../..");

export interface AnalyzeRun {
  code: number;
  stdout: string;
  stderr: string;
}

function textSink() {
  let text = "";
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}

/** main(argv) with its stdout and stderr as text. */
export async function runAnalyze(argv: readonly string[]): Promise<AnalyzeRun> {
  const stdout = textSink();
  const stderr = textSink();
  const code = await main(argv, { stdout: stdout.stream, stderr: stderr.stream });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** `npm run -s analyze -- …args` in a real process; a non-zero exit is returned, not thrown. */
export async function runAnalyzeProcess(args: readonly string[]): Promise<AnalyzeRun> {
  try {
    const { stdout, stderr } = await promisify(execFile)("npm", ["run", "-s", "analyze", "--", ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof failed.code !== "number") throw error;
    return { code: failed.code, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}
