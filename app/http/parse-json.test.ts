// JSON from outside: 64-bit ids keep every digit, strings come out well-formed, everything else parses
// exactly as JSON.parse parses it.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseJson, quoteUnsafeIntegers } from "./parse-json";

describe("parseJson", () => {
  it("keeps an id beyond 2^53 as its digits, in objects and arrays, signed or not", () => {
    expect(parseJson('{"order_id":820982911946154508,"ids":[9007199254740993,-9007199254740993],"n":5}')).toEqual({
      order_id: "820982911946154508",
      ids: ["9007199254740993", "-9007199254740993"],
      n: 5,
    });
  });

  it("leaves safe integers, decimals, exponents and digits inside strings as they are", () => {
    expect(
      parseJson('{"a":9007199254740991,"b":12345678901234567.5,"c":1e300,"d":"820982911946154508","e":"say \\"1234567890123456789\\""}'),
    ).toEqual({
      a: 9007199254740991,
      // eslint-disable-next-line no-loss-of-precision -- the literal JSON.parse rounds, on purpose
      b: 12345678901234567.5,
      c: 1e300,
      d: "820982911946154508",
      e: 'say "1234567890123456789"',
    });
  });

  it("repairs a lone surrogate to U+FFFD and keeps a real pair (🍵)", () => {
    expect(parseJson('{"title":"a\\ud800b","tea":"\\ud83c\\udf75","end":"\\udfff"}')).toEqual({
      title: "a\uFFFDb",
      tea: "🍵",
      end: "\uFFFD",
    });
  });

  it("every string comes out well-formed and otherwise unchanged, any UTF-16 code units, escaped as JSON.stringify writes them", () => {
    const anyUnits = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 12 }).map((units) => String.fromCharCode(...units));
    fc.assert(
      fc.property(anyUnits, (text) => {
        expect(parseJson(JSON.stringify({ text, list: [text] }))).toEqual({ text: text.toWellFormed(), list: [text.toWellFormed()] });
      }),
      { numRuns: 500 },
    );
  });

  it("repairs a lone surrogate that is in the text itself, not escaped (a string not decoded from UTF-8)", () => {
    expect(parseJson(`{"title":"a${"\ud800"}b"}`)).toEqual({ title: "a\uFFFDb" });
  });

  it("does not make invalid JSON valid (a leading zero stays a syntax error)", () => {
    expect(() => parseJson("[01234567890123456789]")).toThrow(SyntaxError);
    expect(() => parseJson('{"a":12345678901234567890')).toThrow(SyntaxError);
  });

  it("agrees with JSON.parse on any JSON, but for integer literals beyond 2^53, which come as their digits", () => {
    // JSON.stringify writes integers below 1e21 as plain digits, the same digits String() gives.
    const asDigits = (_key: string, v: unknown) =>
      typeof v === "number" && Number.isInteger(v) && !Number.isSafeInteger(v) && Math.abs(v) < 1e21 ? String(v) : v;
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        expect(parseJson(text)).toEqual(JSON.parse(text, asDigits));
      }),
      { numRuns: 300 },
    );
  });

  it("every integer literal of 16 to 20 digits survives with all its digits", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 10n ** 15n, max: 2n ** 64n - 1n }), fc.boolean(), (id, negative) => {
        const digits = `${negative ? "-" : ""}${id}`;
        const parsed = parseJson(`{"id":${digits}}`) as { id: unknown };
        expect(typeof parsed.id === "number" ? BigInt(parsed.id as number) : BigInt(parsed.id as string)).toBe(BigInt(digits));
      }),
    );
  });

  it("costs nothing on a body without 16 digits in a row", () => {
    const text = '{"id":123,"name":"x"}';
    expect(quoteUnsafeIntegers(text)).toBe(text);
  });
});
