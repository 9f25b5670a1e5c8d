// @vitest-environment happy-dom
// @vitest-environment-options { "url": "https://tsunagu-demo.myshopify.com/products/hasami-mug" }
// The review request block's deferred script in a DOM: it posts the form to the app proxy, shows
// the thank-you state on success, and the message for each error code the proxy answers.
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { EXTENSION_DIR, renderBlock } from "./render-block";

const SCRIPT = fs.readFileSync(path.join(EXTENSION_DIR, "assets", "tsunagu-reviews.js"), "utf8");
const MUG = { id: 101, title: "Hasami mug" };
const BUYER = { id: 7, tags: [], metafields: { "$app:tsunagu": { reviewable_products: { value: [MUG] } } } };

async function mountBlock(answer: { status: number; body: unknown }, locale: "en" | "ja" = "en") {
  document.body.innerHTML = await renderBlock("review-request", { customer: BUYER, product: MUG }, locale);
  const fetchMock = vi.fn(async () => new Response(JSON.stringify(answer.body), { status: answer.status }));
  vi.stubGlobal("fetch", fetchMock);
  new Function(SCRIPT)();
  const form = document.querySelector<HTMLFormElement>("[data-tsunagu-review-form]")!;
  (document.querySelector('input[name="rating"][value="4"]') as HTMLInputElement).checked = true;
  (form.querySelector('[name="title"]') as HTMLInputElement).value = "毎日使っています";
  (form.querySelector('[name="body"]') as HTMLTextAreaElement).value = "手になじむ形です。";
  return { form, fetchMock };
}

/** Submit, and wait until the script has shown the answer (the thank-you state or a message). */
async function submit(form: HTMLFormElement) {
  const status = document.querySelector("[data-tsunagu-status]")!;
  form.dispatchEvent(new Event("submit", { cancelable: true }));
  const sending = status.textContent;
  await vi.waitFor(() => expect(form.hidden || status.textContent !== sending).toBe(true));
}

afterEach(() => vi.unstubAllGlobals());

describe("review form script", () => {
  it("posts the form fields to /apps/tsunagu/reviews and switches to the thank-you state", async () => {
    const { form, fetchMock } = await mountBlock({ status: 201, body: { ok: true, review: { status: "published", edited: false } } });
    await submit(form);

    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe("https://tsunagu-demo.myshopify.com/apps/tsunagu/reviews");
    expect(init.method).toBe("POST");
    expect(Object.fromEntries(new URLSearchParams(init.body as URLSearchParams))).toEqual({
      product_id: "101",
      rating: "4",
      title: "毎日使っています",
      body: "手になじむ形です。",
      website: "",
    });
    expect(form.hidden).toBe(true);
    const thanks = document.querySelector<HTMLElement>("[data-tsunagu-thanks]")!;
    expect(thanks.hidden).toBe(false);
    expect(document.activeElement).toBe(thanks);
  });

  it("shows the proxy's refusal in the shopper's language and lets them try again", async () => {
    const { form } = await mountBlock({ status: 429, body: { ok: false, error: "rate_limited", retryAfterSeconds: 60 } }, "ja");
    await submit(form);

    expect(document.querySelector("[data-tsunagu-status]")!.textContent).toBe(
      "短時間に多くのレビューが送信されました。数分後にもう一度お試しください。",
    );
    expect(form.hidden).toBe(false);
    expect((form.querySelector("[type=submit]") as HTMLButtonElement).disabled).toBe(false);
  });

  it("falls back to a general message for an answer it does not know", async () => {
    const { form } = await mountBlock({ status: 500, body: "oops" });
    await submit(form);
    expect(document.querySelector("[data-tsunagu-status]")!.textContent).toBe("Your review could not be sent. Please try again.");
  });
});
