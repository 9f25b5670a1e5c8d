// Shopify's theme check (the checks `shopify app build` runs on a theme app extension) passes with
// no offense at all, errors or warnings; and the storefront ships little: one deferred script.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { themeCheckRun } from "@shopify/theme-check-node";
import { describe, expect, it } from "vitest";
import { EXTENSION_DIR } from "./render-block";

describe("theme app extension", () => {
  it("has 0 theme check offenses", async () => {
    const { offenses } = await themeCheckRun(EXTENSION_DIR, undefined, () => {});
    expect(offenses.map((o) => `${o.check} ${o.uri.split("/").slice(-2).join("/")}:${o.start.index} ${o.message}`)).toEqual([]);
  });

  it("ships one script, under 1 KB gzipped, and names it from the review request block only", () => {
    const assets = fs.readdirSync(path.join(EXTENSION_DIR, "assets"));
    expect(assets.filter((file) => file.endsWith(".js"))).toEqual(["tsunagu-reviews.js"]);
    expect(zlib.gzipSync(fs.readFileSync(path.join(EXTENSION_DIR, "assets", "tsunagu-reviews.js"))).length).toBeLessThan(1024);
    const blocksNamingScripts = fs
      .readdirSync(path.join(EXTENSION_DIR, "blocks"))
      .filter((file) => /"javascript":/.test(fs.readFileSync(path.join(EXTENSION_DIR, "blocks", file), "utf8")));
    expect(blocksNamingScripts).toEqual(["review-request.liquid"]);
  });

  it("has every storefront and schema translation in Japanese too", () => {
    const keys = (value: unknown, prefix = ""): string[] =>
      typeof value === "object" && value !== null
        ? Object.entries(value).flatMap(([key, inner]) => keys(inner, `${prefix}${key}.`))
        : [prefix.slice(0, -1)];
    const read = (file: string) => JSON.parse(fs.readFileSync(path.join(EXTENSION_DIR, "locales", file), "utf8"));
    expect(keys(read("ja.json")).sort()).toEqual(keys(read("en.default.json")).sort());
    expect(keys(read("ja.schema.json")).sort()).toEqual(keys(read("en.default.schema.json")).sort());
  });
});
