// Streams the lines of a text file, gunzipping on the fly when the file is gzip (detected from its magic
// bytes, so a .gz name is not required). Constant memory; a 45 MB file is read in a few hundred ms.

import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { createGunzip } from "node:zlib";

/** A problem with the user's input (file, data, arguments): reported as one line, never a stack trace. */
export class InputError extends Error {
  constructor(
    message: string,
    /** 1-based line number in the input file, when the problem is on a line */
    readonly line?: number,
  ) {
    // Messages quote the offending value: its control characters and line separators are shown
    // escaped, so one error stays one line whatever the file holds (found by the analyze fuzzer).
    // eslint-disable-next-line no-control-regex -- control characters are what this escapes
    super(message.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`));
    this.name = "InputError";
  }
}

export interface NumberedLine {
  text: string;
  /** 1-based */
  line: number;
}

async function isGzip(path: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, "r");
  } catch (error) {
    throw fileError(path, error);
  }
  try {
    const magic = Buffer.alloc(2);
    const { bytesRead } = await handle.read(magic, 0, 2, 0);
    return bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  } catch (error) {
    throw fileError(path, error);
  } finally {
    await handle.close();
  }
}

function fileError(path: string, error: unknown): InputError {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === "ENOENT") return new InputError(`${path}: no such file.`);
  if (code === "EISDIR") return new InputError(`${path} is a directory, not a file.`);
  if (code === "EACCES") return new InputError(`${path}: permission denied.`);
  if (typeof code === "string" && code.startsWith("Z_"))
    return new InputError(`${path}: not a valid gzip file (${(error as Error).message}).`);
  return new InputError(`${path}: cannot be read (${(error as Error)?.message ?? String(error)}).`);
}

/** The lines of one chunk of input: texts[i] is line firstLine + i. */
export interface LineBatch {
  texts: string[];
  /** 1-based number of texts[0] */
  firstLine: number;
}

/**
 * Lines without their line terminator (\n or \r\n), a batch per chunk read (about 1 MB): iterating
 * batches synchronously avoids one promise per line, which is most of the cost on large files. A leading
 * UTF-8 BOM is dropped.
 */
export async function* readLineBatches(path: string): AsyncGenerator<LineBatch> {
  const gzip = await isGzip(path);
  const source = createReadStream(path, { highWaterMark: 1 << 20 });
  const input = gzip ? source.pipe(createGunzip({ chunkSize: 1 << 20 })) : source;
  if (gzip) source.on("error", (error) => input.destroy(error));
  const decoder = new TextDecoder("utf-8");
  let rest = "";
  let nextLine = 1;
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      const text = rest + decoder.decode(chunk, { stream: true });
      const texts = text.split("\n");
      rest = texts.pop()!;
      if (texts.length === 0) continue;
      for (let i = 0; i < texts.length; i++) {
        const t = texts[i]!;
        if (t.charCodeAt(t.length - 1) === 13) texts[i] = t.slice(0, -1);
      }
      if (nextLine === 1) texts[0] = stripBom(texts[0]!);
      yield { texts, firstLine: nextLine };
      nextLine += texts.length;
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw fileError(path, error);
  } finally {
    input.destroy();
    source.destroy();
  }
  rest += decoder.decode();
  if (rest.endsWith("\r")) rest = rest.slice(0, -1);
  if (rest.length > 0) yield { texts: [nextLine === 1 ? stripBom(rest) : rest], firstLine: nextLine };
}

/** Lines one by one (convenient for small files; use readLineBatches for large ones). */
export async function* readLines(path: string): AsyncGenerator<NumberedLine> {
  for await (const { texts, firstLine } of readLineBatches(path)) {
    for (let i = 0; i < texts.length; i++) yield { text: texts[i]!, line: firstLine + i };
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
