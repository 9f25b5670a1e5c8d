// What the theme app extension costs a storefront (target: a Lighthouse delta ≤ 1, docs/performance.md): Lighthouse performance of a local
// product page without and with Tsunagu's blocks, in headless Chromium.
//   npx tsx tests/bench/storefront.bench.ts [--json] [--runs 5]
// The page stands in for a theme's product template (shaped like Dawn's): its render-blocking
// stylesheet, a deferred theme script, a hero image (the LCP element), title, price and description. "With" adds what Shopify adds for our blocks on that template: the
// rendered review request (a logged-in buyer) and reviews display (a product with reviews), with
// their inline CSS, and their one deferred script in the head. Assets are served gzipped, as the CDN does.
// Lighthouse's default mobile profile (simulated throttling); scores are medians of alternating runs.
// Targets: delta ≤ 1 point (Shopify's limit is 10), JS ≤ 5 KB gzipped. With --json the last line
// printed is {lighthouseWithout, lighthouseWith, delta, jsGzipBytes, cssGzipBytes}.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import zlib from "node:zlib";
import { EXTENSION_DIR, renderBlock } from "../storefront/render-block";
import { median } from "./bench-setup";

const CHROME_PATH = process.env.CHROME_PATH ?? "/usr/bin/chromium";
const JS_ASSET = "tsunagu-reviews.js";

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const THEME_CSS = `
*,*::before,*::after{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Hiragino Sans","Noto Sans JP",sans-serif;color:#222;background:#fff;line-height:1.6}
.header{display:flex;justify-content:space-between;align-items:center;padding:1rem 1.5rem;border-bottom:1px solid #eee}
.header a{color:inherit;text-decoration:none;margin-left:1rem}
.product{display:grid;gap:2rem;max-width:1100px;margin:0 auto;padding:1.5rem}
@media(min-width:750px){.product{grid-template-columns:1fr 1fr}}
.product__media img{width:100%;height:auto;display:block;border-radius:8px}
.product__title{font-size:1.8rem;margin:0 0 .5rem}
.product__price{font-size:1.3rem;margin:0 0 1rem}
.button{display:inline-block;padding:.8rem 2rem;background:#222;color:#fff;border:0;border-radius:4px;font:inherit}
.footer{padding:2rem 1.5rem;border-top:1px solid #eee;font-size:.875rem;color:#666}
`;

// A theme's deferred global script: custom elements wiring the page (Dawn ships ~40 KB of these).
const THEME_JS = Array.from(
  { length: 120 },
  (_, i) => `customElements.define("theme-part-${i}", class extends HTMLElement { connectedCallback() { this.dataset.ready = "${i}"; } });`,
).join("\n");

const HERO_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="1000" viewBox="0 0 1000 1000">
<rect width="1000" height="1000" fill="#f3efe8"/><ellipse cx="500" cy="780" rx="260" ry="40" fill="#e2dccf"/>
<path d="M300 330h360v330a80 80 0 0 1-80 80H380a80 80 0 0 1-80-80z" fill="#5a7d9a"/>
<path d="M660 400a90 90 0 0 1 0 180" fill="none" stroke="#5a7d9a" stroke-width="36"/></svg>`;

function productPage(blocks: { head: string; body: string } | null): string {
  const description = Array.from(
    { length: 4 },
    () => "<p>Thrown by hand in Hasami, glazed in a soft indigo, and fired twice. It keeps tea warm and sits well in the hand.</p>",
  ).join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Hasami mug – Tsunagu demo store</title><meta name="description" content="A hand-thrown Hasami porcelain mug.">
<link rel="stylesheet" href="/theme.css"><script src="/theme.js" defer></script>${blocks?.head ?? ""}</head>
<body><header class="header"><strong>Tsunagu demo store</strong><nav><a href="/">Shop</a><a href="/account">Account</a></nav></header>
<main class="product"><div class="product__media"><img src="/hero.svg" width="1000" height="1000" alt="Indigo Hasami mug"></div>
<div class="product__info"><h1 class="product__title">Hasami mug</h1><p class="product__price">¥3,200</p>
<form action="/cart/add" method="post"><button class="button" type="submit">Add to cart</button></form>${description}
${blocks?.body ?? ""}</div></main>
<footer class="footer">© Tsunagu demo store</footer></body></html>`;
}

async function renderedBlocks() {
  const product = {
    id: 101,
    title: "Hasami mug",
    metafields: {
      "$app:tsunagu": {
        review_summary: {
          value: {
            average: 4.6,
            count: 18,
            recent: Array.from({ length: 5 }, (_, i) => ({
              rating: 5 - (i % 2),
              title: "Lovely glaze",
              body: "Holds heat well and feels good in the hand. I use it every morning.",
              createdAt: `2026-11-${String(20 - i).padStart(2, "0")}T10:00:00.000Z`,
              reply: i === 0 ? "Thank you for your kind words." : null,
            })),
          },
        },
      },
    },
  };
  const customer = { id: 7, tags: ["tsunagu:regular"], metafields: { "$app:tsunagu": { reviewable_products: { value: [{ id: 101 }] } } } };
  const body = (await renderBlock("review-request", { customer, product })) + (await renderBlock("reviews-display", { product }));
  // How Shopify includes the script a block's schema names: deferred, in the head.
  const head = `<script src="/assets/${JS_ASSET}" defer></script>`;
  const css = [...body.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((match) => match[1]).join("");
  return { head, body, css };
}

function serve(pages: Record<string, string>): Promise<http.Server> {
  const assets: Record<string, { type: string; body: string }> = {
    "/hero.svg": { type: "image/svg+xml", body: HERO_SVG },
    "/theme.css": { type: "text/css", body: THEME_CSS },
    "/theme.js": { type: "text/javascript", body: THEME_JS },
    [`/assets/${JS_ASSET}`]: { type: "text/javascript", body: fs.readFileSync(path.join(EXTENSION_DIR, "assets", JS_ASSET), "utf8") },
    ...Object.fromEntries(Object.entries(pages).map(([url, html]) => [url, { type: "text/html; charset=utf-8", body: html }])),
  };
  const server = http.createServer((request, response) => {
    const asset = assets[new URL(request.url ?? "/", "http://localhost").pathname];
    if (!asset) return void response.writeHead(404).end();
    response.writeHead(200, { "Content-Type": asset.type, "Content-Encoding": "gzip", "Cache-Control": "max-age=3600" });
    response.end(zlib.gzipSync(asset.body));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

async function main() {
  const json = process.argv.includes("--json");
  const runs = Number(argument("--runs") ?? 5);
  const blocks = await renderedBlocks();
  const jsGzipBytes = zlib.gzipSync(fs.readFileSync(path.join(EXTENSION_DIR, "assets", JS_ASSET))).length;
  const cssGzipBytes = zlib.gzipSync(blocks.css).length;

  const server = await serve({ "/without": productPage(null), "/with": productPage(blocks) });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { launch } = await import("chrome-launcher");
  const { default: lighthouse } = await import("lighthouse");
  const chrome = await launch({
    chromePath: CHROME_PATH,
    chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
  });
  const scores = { without: [] as number[], with: [] as number[] };
  const metrics = { without: [] as Record<string, number>[], with: [] as Record<string, number>[] };
  try {
    for (let run = 0; run < runs; run++) {
      // Alternate, so drift in the shared machine's load hits both pages alike.
      for (const page of ["without", "with"] as const) {
        const result = await lighthouse(`${origin}/${page}`, { port: chrome.port, onlyCategories: ["performance"], logLevel: "error" });
        const score = result?.lhr.categories.performance.score;
        if (typeof score !== "number")
          throw new Error(`Lighthouse gave no performance score for /${page}: ${result?.lhr.runtimeError?.message}`);
        scores[page].push(Math.round(score * 100));
        const audit = (id: string) => result!.lhr.audits[id].numericValue ?? Number.NaN;
        metrics[page].push({
          lcp: audit("largest-contentful-paint"),
          tbt: audit("total-blocking-time"),
          cls: audit("cumulative-layout-shift"),
        });
      }
      if (!json) console.log(`run ${run + 1}/${runs}: without ${scores.without.at(-1)}, with ${scores.with.at(-1)}`);
    }
  } finally {
    await chrome.kill();
    server.close();
  }

  const lighthouseWithout = median(scores.without);
  const lighthouseWith = median(scores.with);
  const delta = lighthouseWithout - lighthouseWith;
  console.log(
    `Lighthouse performance (median of ${runs}, mobile, simulated throttling): without blocks ${lighthouseWithout}, with blocks ${lighthouseWith}`,
  );
  console.log(`difference: ${delta} point(s) (target ≤ 1; Shopify's limit 10)`);
  for (const page of ["without", "with"] as const) {
    const of = (key: string) => median(metrics[page].map((m) => m[key]));
    console.log(
      `  ${page} blocks: LCP ${Math.round(of("lcp"))} ms, TBT ${Math.round(of("tbt"))} ms, CLS ${of("cls").toFixed(3)} (medians)`,
    );
  }
  console.log(`shipped: JS ${jsGzipBytes} B gzipped (target ≤ 5,120), CSS ${cssGzipBytes} B gzipped (inline in the blocks)`);
  if (json) console.log(JSON.stringify({ lighthouseWithout, lighthouseWith, delta, jsGzipBytes, cssGzipBytes }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
