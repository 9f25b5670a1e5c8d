// Streaming JSONL reader for bulk-operation result files (pure: it reads whatever chunks it is given).
// Memory stays constant: one chunk plus the unfinished line at its end is all that is held.
//
// A line that is not a JSON object is never skipped silently: reading stops with a JsonlError naming
// the line. A bulk file is Shopify's own output, so a bad line means a corrupted file: the sync fails
// clearly, and its retry asks Shopify for a new file (rows already applied are upserted again, which
// changes nothing). A download cut mid-file is another matter: it is fetched again from the next line.

export class JsonlError extends Error {
  constructor(
    message: string,
    readonly lineNumber: number,
  ) {
    super(message);
    this.name = "JsonlError";
  }
}

export interface JsonlLine {
  /** 1-based line number in the file. */
  number: number;
  text: string;
}

const NEWLINE = 10;

/**
 * The non-empty lines of a JSONL stream, numbered from 1, a chunk's worth at a time (one await per
 * chunk, not per line). Lines up to `skip` are passed over without being decoded (a resumed read).
 * A last line without its newline is still a line.
 */
export async function* jsonlLines(
  chunks: AsyncIterable<Uint8Array | string>,
  { skip = 0 }: { skip?: number } = {},
): AsyncGenerator<JsonlLine[]> {
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let pending = "";
  let number = 0;
  for await (const chunk of chunks) {
    const bytes = typeof chunk === "string" ? encoder.encode(chunk) : chunk;
    const lines: JsonlLine[] = [];
    let start = 0;
    while (number < skip) {
      const end = bytes.indexOf(NEWLINE, start);
      if (end === -1) break;
      number += 1;
      decoder.decode(); // drop any character split across the skipped line's chunks
      pending = "";
      start = end + 1;
    }
    const last = bytes.lastIndexOf(NEWLINE);
    if (last >= start) {
      // The chunk's whole lines are decoded by one call and then cut: a call per line cost more than
      // reading the lines (bench:backfill). A newline byte is never part of a multi-byte character.
      const text = pending + decoder.decode(bytes.subarray(start, last + 1), { stream: true });
      pending = "";
      let from = 0;
      for (let end = text.indexOf("\n"); end !== -1; end = text.indexOf("\n", from)) {
        number += 1;
        const line = text.slice(from, end);
        if (line.trim() !== "") lines.push({ number, text: line });
        from = end + 1;
      }
      start = last + 1;
    }
    if (start < bytes.length) pending += decoder.decode(bytes.subarray(start), { stream: true });
    if (lines.length > 0) yield lines;
  }
  pending += decoder.decode();
  if (pending.trim() !== "") {
    number += 1;
    if (number > skip) yield [{ number, text: pending }];
  }
}

/**
 * A string of its own for a piece of a line kept past its batch (a regular expression's capture, a
 * slice): a line is cut out of its whole chunk's string (jsonlLines), and a piece of it would keep that
 * chunk alive. Values from JSON.parse are strings of their own already.
 */
export function ownString(piece: string): string {
  return Buffer.from(piece).toString();
}

/** One line as an object, or a JsonlError naming the line and showing its start. */
export function parseJsonlLine({ number, text }: JsonlLine): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new JsonlError(`line ${number} is not JSON: ${JSON.stringify(text.slice(0, 80))}`, number);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new JsonlError(`line ${number} is not a JSON object: ${JSON.stringify(text.slice(0, 80))}`, number);
  }
  return value as Record<string, unknown>;
}

/** "Order" for "gid://shopify/Order/1" (bulk lines are told apart by the type in their id). */
export function gidType(id: unknown): string | null {
  if (typeof id !== "string") return null;
  const match = /^gid:\/\/shopify\/([A-Za-z]+)\//.exec(id);
  return match ? match[1] : null;
}
