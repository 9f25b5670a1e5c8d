import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { JsonlError, gidType, jsonlLines, parseJsonlLine, type JsonlLine } from "./jsonl";

async function* chunksOf(...chunks: (string | Uint8Array)[]) {
  yield* chunks;
}

async function collect(lines: AsyncIterable<JsonlLine[]>): Promise<JsonlLine[]> {
  const out: JsonlLine[] = [];
  for await (const batch of lines) out.push(...batch);
  return out;
}

const FILE =
  '{"id":"gid://shopify/Order/1"}\n{"id":"gid://shopify/LineItem/7","__parentId":"gid://shopify/Order/1"}\n{"id":"gid://shopify/Customer/2","tags":["東京","vip"]}\n';

describe("jsonlLines", () => {
  it("numbers the lines of a file from 1", async () => {
    const lines = await collect(jsonlLines(chunksOf(FILE)));
    expect(lines.map((l) => l.number)).toEqual([1, 2, 3]);
    expect(lines[2].text).toBe('{"id":"gid://shopify/Customer/2","tags":["東京","vip"]}');
  });

  it("reads the same lines however the bytes are split into chunks, even inside a multi-byte character", async () => {
    const bytes = new TextEncoder().encode(FILE);
    const whole = await collect(jsonlLines(chunksOf(bytes)));
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 12 }), async (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), bytes.length];
        const chunks = points.slice(1).map((end, i) => bytes.subarray(points[i], end));
        expect(await collect(jsonlLines(chunksOf(...chunks)))).toEqual(whole);
      }),
    );
  });

  it("resumes after the lines already applied without reading them", async () => {
    const bytes = new TextEncoder().encode(FILE);
    const lines = await collect(jsonlLines(chunksOf(bytes.subarray(0, 40), bytes.subarray(40)), { skip: 2 }));
    expect(lines.map((l) => l.number)).toEqual([3]);
    expect(parseJsonlLine(lines[0]).tags).toEqual(["東京", "vip"]);
  });

  it("keeps a last line that has no newline, and ignores blank lines", async () => {
    const lines = await collect(jsonlLines(chunksOf('{"a":1}\n\n{"b":2}')));
    expect(lines).toEqual([
      { number: 1, text: '{"a":1}' },
      { number: 3, text: '{"b":2}' },
    ]);
  });
});

describe("parseJsonlLine", () => {
  it("fails clearly on a malformed line, naming it", () => {
    expect(() => parseJsonlLine({ number: 42, text: '{"id":"gid://shopify/Order/1",' })).toThrowError(
      new JsonlError('line 42 is not JSON: "{\\"id\\":\\"gid://shopify/Order/1\\","', 42),
    );
  });

  it("fails on a truncated download: the partial last line is not JSON", async () => {
    const lines = await collect(jsonlLines(chunksOf('{"id":"gid://shopify/Order/1"}\n{"id":"gid://sho')));
    expect(parseJsonlLine(lines[0]).id).toBe("gid://shopify/Order/1");
    expect(() => parseJsonlLine(lines[1])).toThrow(/line 2 is not JSON/);
  });

  it("rejects a line that is JSON but not an object", () => {
    expect(() => parseJsonlLine({ number: 1, text: "[1,2]" })).toThrow(/line 1 is not a JSON object/);
  });
});

describe("gidType", () => {
  it("reads the resource type from a GID", () => {
    expect(gidType("gid://shopify/LineItem/9")).toBe("LineItem");
    expect(gidType("9")).toBeNull();
    expect(gidType(undefined)).toBeNull();
  });
});
