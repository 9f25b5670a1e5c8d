// The subset of Shopify's search syntax (the `query:` argument of customers, orders, *Count) that the
// emulator evaluates. Syntax per https://shopify.dev/docs/api/usage/search-syntax:
//   terms separated by spaces are ANDed; AND, OR, NOT and parentheses; `-term` negates;
//   field:value, field:>value, field:>=value, field:<value, field:<=value; values may be quoted
//   with ' or "; `*` is a wildcard in string values; dates accept `now`, YYYY-MM-DD (a whole day in
//   the shop's time zone), full ISO timestamps and `a..b` ranges.
// A field the resource does not support is ignored (it matches everything) and reported in
// extensions.search as Shopify does (measured 2026-08-28):
//   { path, query, parsed, warnings: [{ field, message: "Invalid search field for this query.", code: "invalid_field" }] }
import { startOfLocalDay, zonedTimeToUtc } from "./time";

export type Comparator = ":" | ">" | ">=" | "<" | "<=";

export type SearchNode =
  | { kind: "and"; items: SearchNode[] }
  | { kind: "or"; items: SearchNode[] }
  | { kind: "not"; item: SearchNode }
  | { kind: "term"; field: string | null; op: Comparator; value: string };

export interface SearchWarning {
  field: string;
  message: string;
  code: string;
}

type Token = { t: "(" } | { t: ")" } | { t: "AND" } | { t: "OR" } | { t: "NOT" } | { t: "term"; node: SearchNode };

function parseTerm(raw: string): SearchNode {
  let negate = false;
  let text = raw;
  if (text.startsWith("-") && text.length > 1) {
    negate = true;
    text = text.slice(1);
  }
  // Split field:value at the first colon outside quotes.
  let field: string | null = null;
  let rest = text;
  let inQuote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inQuote) {
      if (c === "\\") i++;
      else if (c === inQuote) inQuote = null;
    } else if (c === "'" || c === '"') inQuote = c;
    else if (c === ":") {
      field = text.slice(0, i).toLowerCase();
      rest = text.slice(i + 1);
      break;
    }
  }
  let op: Comparator = ":";
  if (field !== null) {
    const m = /^(>=|<=|>|<)/.exec(rest);
    if (m) {
      op = m[1] as Comparator;
      rest = rest.slice(m[1].length);
    }
  }
  const term: SearchNode = { kind: "term", field, op, value: unquote(rest) };
  return negate ? { kind: "not", item: term } : term;
}

function unquote(value: string): string {
  let out = "";
  let inQuote: string | null = null;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (inQuote) {
      if (c === "\\" && i + 1 < value.length) out += value[++i];
      else if (c === inQuote) inQuote = null;
      else out += c;
    } else if (c === "'" || c === '"') inQuote = c;
    else out += c;
  }
  return out;
}

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const c = query[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "(" || c === ")") {
      tokens.push({ t: c });
      i++;
      continue;
    }
    let j = i;
    let inQuote: string | null = null;
    while (j < query.length) {
      const d = query[j];
      if (inQuote) {
        if (d === "\\") j++;
        else if (d === inQuote) inQuote = null;
      } else if (d === "'" || d === '"') inQuote = d;
      else if (/\s/.test(d) || d === ")" || (d === "(" && j > i)) break;
      j++;
    }
    const raw = query.slice(i, j);
    i = j;
    if (raw === "AND" || raw === "OR" || raw === "NOT") tokens.push({ t: raw });
    else tokens.push({ t: "term", node: parseTerm(raw) });
  }
  return tokens;
}

/** Parses a search query; null for an empty one. */
export function parseSearchQuery(query: string | null | undefined): SearchNode | null {
  if (!query || !query.trim()) return null;
  const tokens = tokenize(query);
  let pos = 0;
  const peek = () => tokens[pos];

  function parseOr(): SearchNode | null {
    const items: SearchNode[] = [];
    const first = parseAnd();
    if (first) items.push(first);
    while (peek()?.t === "OR") {
      pos++;
      const next = parseAnd();
      if (next) items.push(next);
    }
    if (items.length === 0) return null;
    return items.length === 1 ? items[0] : { kind: "or", items };
  }
  function parseAnd(): SearchNode | null {
    const items: SearchNode[] = [];
    for (;;) {
      const tok = peek();
      if (!tok || tok.t === ")" || tok.t === "OR") break;
      if (tok.t === "AND") {
        pos++;
        continue;
      }
      const unary = parseUnary();
      if (unary) items.push(unary);
    }
    if (items.length === 0) return null;
    return items.length === 1 ? items[0] : { kind: "and", items };
  }
  function parseUnary(): SearchNode | null {
    const tok = tokens[pos++];
    if (!tok) return null;
    if (tok.t === "NOT") {
      const item = parseUnary();
      return item ? { kind: "not", item } : null;
    }
    if (tok.t === "(") {
      const inner = parseOr();
      if (peek()?.t === ")") pos++;
      return inner;
    }
    if (tok.t === "term") return tok.node;
    return null;
  }

  const root = parseOr();
  while (pos < tokens.length) {
    // stray ")" — skip it and keep reading, as a lenient search box does
    pos++;
    const more = parseOr();
    if (more) return root ? { kind: "and", items: [root, more] } : more;
  }
  return root;
}

/** The `parsed` echo of extensions.search (Shopify's shape for single terms; a best effort otherwise). */
export function describeParsed(node: SearchNode | null): unknown {
  if (!node) return null;
  if (node.kind === "term") {
    const key = { ":": "match_all", ">": "range_gt", ">=": "range_gte", "<": "range_lt", "<=": "range_lte" }[node.op];
    return { field: node.field ?? "default", [key]: node.value };
  }
  if (node.kind === "not") return { not: describeParsed(node.item) };
  return { [node.kind]: node.items.map(describeParsed) };
}

// ---------------------------------------------------------------------------------------------
// Field matchers

export interface FilterContext {
  now: Date;
  timeZone: string;
}

/** Builds a predicate for one term, or null when the value cannot be used (the term then matches nothing). */
export type FieldMatcher<R> = (op: Comparator, value: string, ctx: FilterContext) => ((record: R) => boolean) | null;

function compareNumbers(op: Comparator, actual: number, expected: number): boolean {
  switch (op) {
    case ":":
      return actual === expected;
    case ">":
      return actual > expected;
    case ">=":
      return actual >= expected;
    case "<":
      return actual < expected;
    case "<=":
      return actual <= expected;
  }
}

export function numberField<R>(get: (r: R) => number): FieldMatcher<R> {
  return (op, value) => {
    const expected = Number(value);
    if (!Number.isFinite(expected)) return null;
    return (r) => compareNumbers(op, get(r), expected);
  };
}

/** id:123, id:>123, id:'gid://shopify/Customer/123' */
export function idField<R>(get: (r: R) => number): FieldMatcher<R> {
  return (op, value) => {
    const m = /(\d+)\s*$/.exec(value);
    if (!m) return null;
    const expected = Number(m[1]);
    return (r) => compareNumbers(op, get(r), expected);
  };
}

function wildcard(value: string): (s: string) => boolean {
  const v = value.toLowerCase();
  if (!v.includes("*")) return (s) => s.toLowerCase() === v;
  const re = new RegExp(
    `^${v
      .split("*")
      .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
    "i",
  );
  return (s) => re.test(s);
}

export function stringField<R>(get: (r: R) => string | null | undefined): FieldMatcher<R> {
  return (op, value) => {
    if (op !== ":") return null;
    const match = wildcard(value);
    return (r) => {
      const s = get(r);
      return s != null && match(s);
    };
  };
}

export function tagField<R>(get: (r: R) => readonly string[] | undefined): FieldMatcher<R> {
  return (op, value) => {
    if (op !== ":") return null;
    const match = wildcard(value.trim());
    return (r) => (get(r) ?? []).some(match);
  };
}

export function booleanField<R>(get: (r: R) => boolean): FieldMatcher<R> {
  return (op, value) => {
    const v = value.toLowerCase();
    if (op !== ":" || (v !== "true" && v !== "false")) return null;
    const expected = v === "true";
    return (r) => get(r) === expected;
  };
}

/** An enumerated value compared case-insensitively (status:open, financial_status:paid). */
export function enumField<R>(get: (r: R) => string | readonly string[]): FieldMatcher<R> {
  return (op, value) => {
    if (op !== ":") return null;
    const wanted = value
      .toLowerCase()
      .split(",")
      .map((s) => s.trim());
    return (r) => {
      const actual = get(r);
      const list = typeof actual === "string" ? [actual] : actual;
      return list.some((a) => wanted.includes(a.toLowerCase()));
    };
  };
}

interface Instant {
  start: number;
  end: number; // exclusive; start === end - 1 for a precise instant
}

/** now · YYYY-MM-DD (local day) · full ISO timestamps; undefined if unreadable. */
export function parseSearchDate(value: string, ctx: FilterContext): Instant | undefined {
  const v = value.trim();
  if (v.toLowerCase() === "now") {
    const t = ctx.now.getTime();
    return { start: t, end: t + 1 };
  }
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (day) {
    const start = zonedTimeToUtc(ctx.timeZone, Number(day[1]), Number(day[2]), Number(day[3]));
    const end = zonedTimeToUtc(ctx.timeZone, Number(day[1]), Number(day[2]), Number(day[3]) + 1);
    return { start, end };
  }
  // "2024-01-01T00:00:00Z", "2024-01-01T00:00:00+09:00", "2024-01-01 10:00:00" (read as UTC)
  const normalized = /^\d{4}-\d{2}-\d{2} \d/.test(v) ? `${v.replace(" ", "T")}${/[zZ]|[+-]\d{2}:?\d{2}$/.test(v) ? "" : "Z"}` : v;
  const t = Date.parse(normalized);
  if (Number.isNaN(t)) return undefined;
  return { start: t, end: t + 1 };
}

export function dateField<R>(get: (r: R) => number): FieldMatcher<R> {
  return (op, value, ctx) => {
    const range = /^(.+?)\.\.(.+)$/.exec(value);
    if (range && op === ":") {
      const from = parseSearchDate(range[1], ctx);
      const to = parseSearchDate(range[2], ctx);
      if (!from || !to) return null;
      return (r) => {
        const t = get(r);
        return t >= from.start && t < to.end;
      };
    }
    const when = parseSearchDate(value, ctx);
    if (!when) return null;
    const precise = when.end - when.start === 1;
    switch (op) {
      case ":": {
        // "matching a whole day" (schema description of updated_at): the local day of the value.
        const dayStart = precise ? startOfLocalDay(ctx.timeZone, when.start) : when.start;
        const dayEnd = precise ? dayStart + 86_400_000 : when.end;
        return (r) => {
          const t = get(r);
          return t >= dayStart && t < dayEnd;
        };
      }
      case ">":
        return precise ? (r) => get(r) > when.start : (r) => get(r) >= when.end;
      case ">=":
        return (r) => get(r) >= when.start;
      case "<":
        return (r) => get(r) < when.start;
      case "<=":
        return precise ? (r) => get(r) <= when.start : (r) => get(r) < when.end;
    }
  };
}

export interface CompiledSearch<R> {
  predicate: ((record: R) => boolean) | null; // null = no filter
  warnings: SearchWarning[];
  parsed: SearchNode | null;
}

/**
 * Compiles a query against the fields a resource supports. `fields.default` handles bare words.
 */
export function compileSearch<R>(
  query: string | null | undefined,
  fields: Record<string, FieldMatcher<R>>,
  ctx: FilterContext,
): CompiledSearch<R> {
  const parsed = parseSearchQuery(query);
  const warnings: SearchWarning[] = [];
  const build = (node: SearchNode): ((r: R) => boolean) | null => {
    switch (node.kind) {
      case "and": {
        const parts = node.items.map(build).filter((p): p is (r: R) => boolean => p !== null);
        if (parts.length === 0) return null;
        return (r) => parts.every((p) => p(r));
      }
      case "or": {
        const parts = node.items.map(build);
        if (parts.some((p) => p === null)) return null; // an ignored term matches everything
        return (r) => parts.some((p) => p!(r));
      }
      case "not": {
        const inner = build(node.item);
        if (!inner) return null;
        return (r) => !inner(r);
      }
      case "term": {
        const name = node.field ?? "default";
        const matcher = Object.prototype.hasOwnProperty.call(fields, name) ? fields[name] : undefined;
        if (!matcher) {
          warnings.push({ field: name, message: "Invalid search field for this query.", code: "invalid_field" });
          return null;
        }
        return matcher(node.op, node.value, ctx) ?? (() => false);
      }
    }
  };
  return { predicate: parsed ? build(parsed) : null, warnings, parsed };
}
