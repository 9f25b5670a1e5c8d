// @vitest-environment happy-dom
/** @jsxImportSource preact */
// The thank-you (checkout) and order-status (customer account) UI extensions, rendered with Preact in
// happy-dom against a fake `shopify` global and a stubbed fetch; and their bundles measured against
// Shopify's 64 KB limit.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { buildSync } from "esbuild";
import { render } from "preact";
import { act } from "preact/test-utils";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { PostPurchaseBlock, type PostPurchaseApi } from "../../extensions/shared/post-purchase/PostPurchaseBlock";
import { thankYouVariant } from "../../extensions/shared/post-purchase/thank-you-variant";

const ROOT = path.resolve(__dirname, "../..");
const APP_URL = "https://tsunagu.example";
const ORDER = "gid://shopify/Order/1001";

const english = JSON.parse(fs.readFileSync(path.join(ROOT, "extensions/tsunagu-thank-you/locales/en.default.json"), "utf8"));

/** Shopify's i18n.translate over the extension's own locale file ({{name}} placeholders). */
function translator(messages: Record<string, unknown>): PostPurchaseApi["i18n"]["translate"] {
  return (key, options = {}) => {
    const text = key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], messages);
    if (typeof text !== "string") throw new Error(`missing translation ${key}`);
    return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(options[name]));
  };
}

function fakeApi(): PostPurchaseApi {
  return { sessionToken: { get: vi.fn(async () => "session-token-1") }, i18n: { translate: translator(english) } };
}

const jsonResponse = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

// Let effects run, pending fetches settle and Preact re-render.
const flush = () => act(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
const text = (selector: string) => [...document.querySelectorAll(selector)].map((e) => e.textContent);
const click = (element: Pick<EventTarget, "dispatchEvent"> | null | undefined) =>
  act(() => void element!.dispatchEvent(new Event("click")));

let fetchMock: ReturnType<typeof vi.fn>;

beforeEach(() => {
  fetchMock = vi.fn();
  vi.stubGlobal("fetch", fetchMock);
});

afterEach(() => {
  render(null, document.body);
  vi.unstubAllGlobals();
});

describe("the post-purchase block", () => {
  it("greets a VIP as one, asks the question, and sends the answer with the session token", async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse(200, { ok: true, stage: "vip", answered: false }));
    fetchMock.mockResolvedValueOnce(jsonResponse(201, { ok: true, repeated: false }));
    await act(() =>
      render(<PostPurchaseBlock api={fakeApi()} source="thank-you" orderId={ORDER} isFirstOrder={false} appUrl={APP_URL} />, document.body),
    );
    await flush();

    expect(fetchMock.mock.calls[0][0]).toBe(`${APP_URL}/api/post-purchase?source=thank-you&order_id=${encodeURIComponent(ORDER)}`);
    expect(fetchMock.mock.calls[0][1].headers).toEqual({ Authorization: "Bearer session-token-1" });
    expect(text("s-heading")).toEqual(["Thank you for being one of our best customers"]);
    const buttons = [...document.querySelectorAll("s-press-button")];
    expect(buttons.map((b) => b.textContent)).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);
    expect(
      buttons[9].getAttribute("accessibilityLabel") ?? (buttons[9] as unknown as { accessibilityLabel: string }).accessibilityLabel,
    ).toBe("9 out of 10");
    expect(document.querySelector("s-text-area")).toBeNull();

    await click(buttons[9]);
    const area = document.querySelector("s-text-area") as HTMLElement & { value: string };
    expect(area).not.toBeNull();
    area.value = "Lovely wrapping";
    await act(() => void area.dispatchEvent(new Event("input")));
    await click(document.querySelector("s-button"));
    await flush();
    await flush();

    const [url, init] = fetchMock.mock.calls[1];
    expect(url).toBe(`${APP_URL}/api/post-purchase?source=thank-you`);
    expect(init.method).toBe("POST");
    expect(init.headers).toEqual({ "Content-Type": "application/json", Authorization: "Bearer session-token-1" });
    expect(JSON.parse(init.body)).toEqual({ order_id: ORDER, score: 9, comment: "Lovely wrapping" });
    expect(document.querySelector("s-banner")?.getAttribute("heading")).toBe("Thank you for your answer.");
    expect(document.querySelectorAll("s-press-button")).toHaveLength(0);
  });

  it("does not ask again for an order already answered (on the other page)", async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse(200, { ok: true, stage: "regular", answered: true }));
    await act(() => render(<PostPurchaseBlock api={fakeApi()} source="order-status" orderId={ORDER} appUrl={APP_URL} />, document.body));
    await flush();
    expect(text("s-heading")).toEqual(["Thank you for ordering again"]);
    expect(document.querySelectorAll("s-press-button")).toHaveLength(0);
    expect(document.querySelector("s-banner")?.getAttribute("heading")).toBe("Thank you for your answer.");
  });

  it("thanks the buyer when the app answers 409: the order was answered on the other page meanwhile", async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse(200, { ok: true, stage: null, answered: false }));
    fetchMock.mockResolvedValueOnce(jsonResponse(409, { ok: false, error: "already_answered" }));
    await act(() => render(<PostPurchaseBlock api={fakeApi()} source="order-status" orderId={ORDER} appUrl={APP_URL} />, document.body));
    await flush();
    await click(document.querySelectorAll("s-press-button")[7]);
    await click(document.querySelector("s-button"));
    await flush();
    await flush();
    expect(document.querySelector("s-banner")?.getAttribute("heading")).toBe("Thank you for your answer.");
    expect(document.querySelectorAll("s-press-button")).toHaveLength(0);
  });

  it("still thanks and asks when the app cannot be reached, and says so when sending fails", async () => {
    fetchMock.mockRejectedValueOnce(new TypeError("network"));
    fetchMock.mockResolvedValueOnce(jsonResponse(401, { ok: false, error: "invalid_token" }));
    await act(() =>
      render(<PostPurchaseBlock api={fakeApi()} source="thank-you" orderId={ORDER} isFirstOrder appUrl={APP_URL} />, document.body),
    );
    await flush();
    expect(text("s-heading")).toEqual(["Thank you for your first order"]);
    await click(document.querySelectorAll("s-press-button")[3]);
    await click(document.querySelector("s-button"));
    await flush();
    await flush();
    expect(document.querySelector("s-banner[tone=critical]")?.getAttribute("heading")).toBe(
      "Your answer could not be sent. Please try again.",
    );
  });
});

/** An extension's entry module; by path, so the app's type-check leaves it to the extension's tsconfig (its `shopify` global). */
async function loadEntry(entry: string): Promise<() => Promise<void>> {
  return ((await import(/* @vite-ignore */ path.join(ROOT, entry))) as { default: () => Promise<void> }).default;
}

describe("the extension entry points", () => {
  it("the thank-you extension reads the order and first-order flag from shopify.orderConfirmation", async () => {
    fetchMock.mockResolvedValue(jsonResponse(200, { ok: true, stage: null, answered: false }));
    vi.stubGlobal("shopify", { ...fakeApi(), orderConfirmation: { value: { order: { id: ORDER }, isFirstOrder: true } } });
    const run = await loadEntry("extensions/tsunagu-thank-you/src/ThankYou.tsx");
    await act(() => run());
    await flush();
    expect(fetchMock.mock.calls[0][0]).toContain("source=thank-you&order_id=gid%3A%2F%2Fshopify%2FOrder%2F1001");
    expect(text("s-heading")).toEqual(["Thank you for your first order"]);
  });

  it("the order-status extension reads shopify.order and renders nothing without one", async () => {
    fetchMock.mockResolvedValue(jsonResponse(200, { ok: true, stage: "dormant", answered: false }));
    const run = await loadEntry("extensions/tsunagu-order-status/src/OrderStatus.tsx");
    vi.stubGlobal("shopify", { ...fakeApi(), order: { value: undefined } });
    await act(() => run());
    expect(document.body.innerHTML).toBe("");
    vi.stubGlobal("shopify", { ...fakeApi(), order: { value: { id: ORDER } } });
    await act(() => run());
    await flush();
    expect(fetchMock.mock.calls[0][0]).toContain("source=order-status");
    expect(text("s-heading")).toEqual(["Welcome back"]);
  });
});

describe("thankYouVariant", () => {
  it.each([
    ["prospect", true, "first"],
    ["new", false, "regular"],
    ["new", undefined, "first"],
    ["regular", false, "regular"],
    ["vip", false, "vip"],
    ["dormant", false, "welcomeBack"],
    ["churned", undefined, "welcomeBack"],
    [null, undefined, "default"],
  ] as const)("stage %s, first order %s → %s", (stage, isFirstOrder, variant) => {
    expect(thankYouVariant(stage, isFirstOrder)).toBe(variant);
  });
});

describe("locales and bundles", () => {
  it("both extensions carry the same copy in English and Japanese, with every key in both languages", () => {
    const keys = (node: unknown, prefix = ""): string[] =>
      Object.entries(node as Record<string, unknown>).flatMap(([k, v]) =>
        typeof v === "string" ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`),
      );
    for (const file of ["en.default.json", "ja.json"]) {
      expect(fs.readFileSync(path.join(ROOT, "extensions/tsunagu-order-status/locales", file), "utf8")).toBe(
        fs.readFileSync(path.join(ROOT, "extensions/tsunagu-thank-you/locales", file), "utf8"),
      );
    }
    const japanese = JSON.parse(fs.readFileSync(path.join(ROOT, "extensions/tsunagu-thank-you/locales/ja.json"), "utf8"));
    expect(keys(japanese).sort()).toEqual(keys(english).sort());
  });

  it.each([["extensions/tsunagu-thank-you/src/ThankYou.tsx"], ["extensions/tsunagu-order-status/src/OrderStatus.tsx"]])(
    "%s bundles (Preact, minified) under Shopify's 64 KB limit",
    (entry) => {
      const { outputFiles } = buildSync({
        entryPoints: [path.join(ROOT, entry)],
        bundle: true,
        minify: true,
        format: "esm",
        write: false,
        jsx: "automatic",
        jsxImportSource: "preact",
        target: "es2020",
        define: { "process.env.APP_URL": JSON.stringify(APP_URL) },
        logLevel: "silent",
      });
      const bytes = outputFiles[0].contents;
      console.info(`${entry}: ${bytes.length} B, ${zlib.gzipSync(bytes).length} B gzipped`);
      expect(bytes.length).toBeLessThan(64 * 1024);
      // React must not sneak in (a missing jsxImportSource bundles React's runtime and renders blank).
      expect(Buffer.from(bytes).toString("utf8")).not.toContain("react.element");
    },
  );
});
