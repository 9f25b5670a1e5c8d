// The theme app extension's blocks rendered with liquidjs against fixtures of what Shopify hands a
// block: who is logged in, their tags and Tsunagu's app-owned metafields, the product and its summary.
import { describe, expect, it } from "vitest";
import { renderBlock } from "./render-block";

const MUG = { id: 101, title: "Hasami mug" };
const TEA = { id: 202, title: "Sencha" };

function customer({ tags = [] as string[], reviewable = [] as { id: number }[], welcomeBack = false } = {}) {
  return {
    id: 7,
    tags,
    metafields: {
      "$app:tsunagu": {
        ...(reviewable.length > 0 ? { reviewable_products: { value: reviewable } } : {}),
        ...(welcomeBack ? { welcome_back: { value: true } } : {}),
      },
    },
  };
}

const withSummary = (summary: unknown) => ({ ...MUG, metafields: { "$app:tsunagu": { review_summary: { value: summary } } } });
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim();

describe("review request block", () => {
  it("asks a customer who bought this product and has not reviewed it, with a 1–5 radio group and a honeypot", async () => {
    const html = await renderBlock("review-request", { customer: customer({ reviewable: [TEA, MUG] }), product: MUG });

    expect(html).toContain('action="/apps/tsunagu/reviews"');
    expect(html).toContain('name="product_id" value="101"');
    expect(html.match(/type="radio"[^>]*name="rating"/g)).toHaveLength(5);
    expect(html).toMatch(/<fieldset class="tsunagu-rating">\s*<legend[^>]*>Your rating<\/legend>/);
    expect(html).toContain('<span class="tsunagu-visually-hidden">1 star</span>');
    expect(html).toContain('<span class="tsunagu-visually-hidden">5 stars</span>');
    expect(html).toMatch(/name="website" tabindex="-1"/);
    expect(html).toContain('role="status" aria-live="polite"');
    expect(html).toMatch(/data-tsunagu-thanks>\s*<p>Thank you for your review/);
    expect(JSON.parse(/data-tsunagu-messages>([\s\S]*?)<\/script>/.exec(html)![1])).toMatchObject({
      not_a_buyer: "Only customers who bought this item can review it.",
      rate_limited: "Too many reviews in a short time. Please try again in a few minutes.",
    });
  });

  it("shows nothing to a buyer who already reviewed the product (it is no longer in the metafield)", async () => {
    const html = await renderBlock("review-request", { customer: customer({ reviewable: [TEA] }), product: MUG });
    expect(html.trim()).toBe("");
  });

  it("shows nothing to a logged-in customer who did not buy anything reviewable", async () => {
    expect((await renderBlock("review-request", { customer: customer(), product: MUG })).trim()).toBe("");
  });

  it("shows nothing to a logged-out visitor, or a log-in line when the merchant turns it on", async () => {
    expect((await renderBlock("review-request", { product: MUG })).trim()).toBe("");
    const prompt = await renderBlock("review-request", { product: MUG, settings: { show_login_prompt: true } });
    expect(prompt).toContain('Bought this item? <a href="/account/login">Log in</a> to write a review.');
    expect(prompt).not.toContain("<form");
  });

  it("speaks Japanese on a Japanese storefront", async () => {
    const html = await renderBlock("review-request", { customer: customer({ reviewable: [MUG] }), product: MUG }, "ja");
    expect(text(html)).toContain("使い心地はいかがですか");
    expect(html).toContain('<legend class="tsunagu-rating__legend">評価</legend>');
    expect(html).toContain("星3つ");
    expect(html).toContain(">レビューを送信</button>");
  });

  it("uses the merchant's heading, escaped", async () => {
    const html = await renderBlock("review-request", {
      customer: customer({ reviewable: [MUG] }),
      product: MUG,
      settings: { heading: "Tell us <b>more</b>" },
    });
    expect(html).toContain("Tell us &lt;b&gt;more&lt;/b&gt;");
  });
});

describe("thank-you block", () => {
  const cases = [
    { segment: "first_order", tags: ["tsunagu:new"], en: "Thank you for your first order", ja: "はじめてのご注文ありがとうございます" },
    {
      segment: "regular",
      tags: ["wholesale", "tsunagu:regular"],
      en: "Thank you for shopping with us again",
      ja: "いつもご利用ありがとうございます",
    },
    { segment: "vip", tags: ["tsunagu:vip"], en: "Thank you, as always", ja: "いつも本当にありがとうございます" },
    { segment: "returning", tags: ["tsunagu:regular"], welcomeBack: true, en: "Welcome back", ja: "おかえりなさい" },
    { segment: "default", tags: ["tsunagu:dormant"], en: "Thank you for your order", ja: "ご注文ありがとうございます" },
  ];

  for (const { segment, tags, welcomeBack, en, ja } of cases) {
    it(`greets the ${segment} segment with its own message in English and Japanese`, async () => {
      const who = customer({ tags, welcomeBack });
      const english = await renderBlock("thank-you", { customer: who });
      expect(english).toContain(`data-tsunagu-segment="${segment}"`);
      expect(text(english)).toContain(en);
      expect(text(await renderBlock("thank-you", { customer: who }, "ja"))).toContain(ja);
    });
  }

  it("greets a returning customer as returning even once they are VIP", async () => {
    const html = await renderBlock("thank-you", { customer: customer({ tags: ["tsunagu:vip"], welcomeBack: true }) });
    expect(html).toContain('data-tsunagu-segment="returning"');
  });

  it("thanks a logged-out visitor with the general message", async () => {
    const html = await renderBlock("thank-you", {});
    expect(html).toContain('data-tsunagu-segment="guest"');
    expect(text(html)).toContain("Thank you for your order");
  });

  it("uses the merchant's text for a segment, escaped and with line breaks, and the shop's tag prefix", async () => {
    const html = await renderBlock("thank-you", {
      customer: customer({ tags: ["lc:vip"] }),
      settings: { tag_prefix: "lc:", vip_heading: "特別なお客さまへ", vip_message: "いつもありがとう\n<script>x</script>" },
    });
    expect(html).toContain('data-tsunagu-segment="vip"');
    expect(html).toContain("特別なお客さまへ");
    expect(html).toContain("いつもありがとう<br />\n&lt;script&gt;x&lt;/script&gt;");
  });
});

describe("reviews display block", () => {
  const summary = {
    average: 4.5,
    count: 2,
    recent: [
      {
        rating: 5,
        title: "Lovely glaze",
        body: "Holds heat well.\nUse it daily.",
        createdAt: "2026-11-01T10:00:00.000Z",
        reply: "Thank you!",
      },
      { rating: 4, title: "", body: "Good", createdAt: "2026-10-20T10:00:00.000Z", reply: null },
    ],
  };

  it("shows the average, each recent review and the shop's reply", async () => {
    const html = await renderBlock("reviews-display", { product: withSummary(summary) });
    expect(text(html)).toContain("4.5 out of 5 (2 reviews)");
    expect(html).toContain('aria-label="Rated 4.5 out of 5"');
    expect(html).toContain('style="width: 90%"');
    expect(html.match(/<li class="tsunagu-review">/g)).toHaveLength(2);
    expect(html).toContain("Holds heat well.<br />\nUse it daily.");
    expect(html).toContain('<time datetime="2026-11-01T10:00:00.000Z">Nov 1, 2026</time>');
    expect(text(html)).toContain("Reply from the shop Thank you!");
  });

  it("adds schema.org AggregateRating JSON-LD with the product's figures", async () => {
    const html = await renderBlock("reviews-display", { product: withSummary(summary) });
    const jsonLd = JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)![1]);
    expect(jsonLd).toEqual({
      "@context": "https://schema.org",
      "@type": "Product",
      name: "Hasami mug",
      aggregateRating: { "@type": "AggregateRating", ratingValue: 4.5, reviewCount: 2, bestRating: 5, worstRating: 1 },
    });
  });

  it("renders script and markup in review text inert", async () => {
    const hostile = {
      average: 1,
      count: 1,
      recent: [
        {
          rating: 1,
          title: "<script>alert(1)</script>",
          body: '<img src=x onerror="alert(2)">',
          createdAt: '2026-11-01"><script>alert(3)</script>',
          reply: "<a href=javascript:alert(4)>x</a>",
        },
      ],
    };
    const product = { ...withSummary(hostile), title: "Mug</script><script>alert(5)</script>" };
    const html = await renderBlock("reviews-display", { product });
    expect(html).not.toMatch(/<script>alert|<img|<a href=javascript/);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("&lt;img src=x onerror=&#34;alert(2)&#34;&gt;");
    expect(text(html)).toContain("1 out of 5 (1 review)");
    expect(html.match(/<\/script>/g)).toHaveLength(1); // only the JSON-LD's own end tag
  });

  it("shows nothing without reviews, or a line when the merchant turns it on", async () => {
    expect((await renderBlock("reviews-display", { product: MUG })).trim()).toBe("");
    expect(text(await renderBlock("reviews-display", { product: MUG, settings: { show_when_empty: true } }, "ja"))).toBe(
      "まだレビューはありません。",
    );
  });

  it("formats the summary and dates in Japanese", async () => {
    const html = await renderBlock("reviews-display", { product: withSummary(summary) }, "ja");
    expect(text(html)).toContain("5段階中4.5(2件のレビュー)");
    expect(html).toContain(">2026年11月1日</time>");
    expect(text(html)).toContain("ショップからの返信");
  });
});
