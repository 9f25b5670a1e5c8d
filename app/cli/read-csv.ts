// RFC 4180 CSV records from a (possibly gzipped) file: comma separated, fields optionally quoted with ",
// "" inside quotes is a quote, quoted fields may contain commas and line breaks. Blank lines are skipped.
// Each record carries the line number where it starts, for error messages.

import { InputError, readLineBatches } from "./read-lines";

export interface CsvRecord {
  fields: string[];
  /** 1-based line number of the record's first line */
  line: number;
}

/**
 * Parses one record. Returns null when a quoted field is still open at the end of `text` (the record
 * continues on the next line).
 */
function parseRecord(text: string, line: number): string[] | null {
  if (text.indexOf('"') === -1) return text.split(",");
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    // at the start of a field
    let field = "";
    if (text.charCodeAt(i) === 34 /* " */) {
      i += 1;
      for (;;) {
        const quote = text.indexOf('"', i);
        if (quote === -1) return null;
        field += text.slice(i, quote);
        if (text.charCodeAt(quote + 1) === 34) {
          field += '"';
          i = quote + 2;
          continue;
        }
        i = quote + 1;
        break;
      }
      if (i < text.length && text.charCodeAt(i) !== 44 /* , */) {
        throw new InputError(`line ${line}: unexpected character ${JSON.stringify(text[i])} after a closing quote.`, line);
      }
    } else {
      const comma = text.indexOf(",", i);
      const end = comma === -1 ? text.length : comma;
      field = text.slice(i, end);
      i = end;
    }
    fields.push(field);
    if (i >= text.length) return fields;
    i += 1; // skip the comma
    if (i === text.length) {
      fields.push("");
      return fields;
    }
  }
}

/** The fields of a one-line CSV record. */
export function parseCsvFields(text: string, line: number): string[] {
  const fields = parseRecord(text, line);
  if (fields === null) throw new InputError(`line ${line}: a quoted field is never closed.`, line);
  return fields;
}

/**
 * Calls `onRecord` for every record as soon as it is parsed (the fields array can die young: far less
 * garbage-collection work than collecting records, which matters for half a million lines).
 */
export async function forEachCsvRecord(path: string, onRecord: (fields: string[], line: number) => void): Promise<void> {
  let pending: { text: string; line: number } | null = null;
  for await (const { texts, firstLine } of readLineBatches(path)) {
    for (let i = 0; i < texts.length; i++) {
      const text = texts[i]!;
      const line = firstLine + i;
      if (pending === null) {
        if (text.length === 0 || text.trim() === "") continue;
        const fields = parseRecord(text, line);
        if (fields === null) pending = { text, line };
        else onRecord(fields, line);
      } else {
        pending.text += `\n${text}`;
        const fields = parseRecord(pending.text, pending.line);
        if (fields !== null) {
          const start = pending.line;
          pending = null;
          onRecord(fields, start);
        }
      }
    }
  }
  if (pending !== null) throw new InputError(`line ${pending.line}: a quoted field is never closed.`, pending.line);
}

/** CSV records one by one (convenient for small files; see forEachCsvRecord for large ones). */
export async function* readCsv(path: string): AsyncGenerator<CsvRecord> {
  let pending: { text: string; line: number } | null = null;
  for await (const { texts, firstLine } of readLineBatches(path)) {
    const records: CsvRecord[] = [];
    for (let i = 0; i < texts.length; i++) {
      const text = texts[i]!;
      const line = firstLine + i;
      if (pending === null && text.trim() === "") continue;
      const record: { text: string; line: number } =
        pending === null ? { text, line } : { text: `${pending.text}\n${text}`, line: pending.line };
      const fields = parseRecord(record.text, record.line);
      if (fields === null) {
        pending = record;
        continue;
      }
      pending = null;
      records.push({ fields, line: record.line });
    }
    yield* records;
  }
  if (pending !== null) throw new InputError(`line ${pending.line}: a quoted field is never closed.`, pending.line);
}

/** Column positions by header name; reports missing and (unless allowed) unknown columns. */
export function indexHeader(
  header: CsvRecord,
  required: readonly string[],
  optional: readonly string[] = [],
  { allowUnknown = false }: { allowUnknown?: boolean } = {},
): Map<string, number> {
  const index = new Map<string, number>();
  header.fields.forEach((name, i) => {
    const key = name.trim();
    if (index.has(key)) throw new InputError(`line ${header.line}: column "${key}" appears twice in the header.`, header.line);
    index.set(key, i);
  });
  const missing = required.filter((name) => !index.has(name));
  if (missing.length > 0) {
    throw new InputError(
      `line ${header.line}: the header lacks column${missing.length > 1 ? "s" : ""} ${missing.map((m) => `"${m}"`).join(", ")}; expected ${[...required, ...optional.map((o) => `[${o}]`)].join(",")}.`,
      header.line,
    );
  }
  if (!allowUnknown) {
    const known = new Set([...required, ...optional]);
    const unknown = [...index.keys()].filter((name) => !known.has(name));
    if (unknown.length > 0) {
      throw new InputError(
        `line ${header.line}: unknown column${unknown.length > 1 ? "s" : ""} ${unknown.map((u) => `"${u}"`).join(", ")}.`,
        header.line,
      );
    }
  }
  return index;
}
