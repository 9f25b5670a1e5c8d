// The review form of one product as an app-proxy Liquid page (Shopify renders it inside the shop's
// theme, in the storefront's language en/ja): the link a review request step carries
// (app/services/scenario-step-content.server.ts). It posts to /apps/tsunagu/reviews as the theme's
// review block does without JavaScript, so the same rules apply (a logged-in verified buyer, once the
// product has arrived) and the answer is the same outcome page (storefront-page.ts).

const COPY = {
  en: {
    heading: "Review your purchase",
    rating: "Rating",
    star: "star",
    title: "Title (optional)",
    body: "Your review",
    submit: "Send review",
  },
  ja: {
    heading: "ご購入商品のレビュー",
    rating: "評価",
    star: "つ星",
    title: "タイトル（任意）",
    body: "レビュー本文",
    submit: "レビューを送信",
  },
} as const;

function form(copy: (typeof COPY)[keyof typeof COPY], productId: string, ja: boolean): string {
  const stars = [1, 2, 3, 4, 5]
    .map(
      (n) =>
        `<label><input type="radio" name="rating" value="${n}" required> ${ja ? `${n}${copy.star}` : `${n} ${copy.star}${n > 1 ? "s" : ""}`}</label>`,
    )
    .join(" ");
  return `<h1>${copy.heading}</h1>
<form method="post" action="/apps/tsunagu/reviews">
<input type="hidden" name="product_id" value="${productId}">
<fieldset><legend>${copy.rating}</legend>${stars}</fieldset>
<p><label for="tsunagu-review-title">${copy.title}</label><br><input type="text" id="tsunagu-review-title" name="title" maxlength="120" autocomplete="off"></p>
<p><label for="tsunagu-review-body">${copy.body}</label><br><textarea id="tsunagu-review-body" name="body" rows="5" maxlength="4000" required></textarea></p>
<div style="position:absolute;left:-9999px" aria-hidden="true"><input type="text" name="website" tabindex="-1" autocomplete="off"></div>
<p><button type="submit">${copy.submit}</button></p>
</form>`;
}

/** The page for a numeric product id; null for anything else (the route answers 400). */
export function reviewFormPage(productId: string | null): Response | null {
  if (!productId || !/^\d{1,20}$/.test(productId)) return null;
  const page = `<div class="page-width" style="padding:3rem 1rem">
{% if request.locale.iso_code == 'ja' %}${form(COPY.ja, productId, true)}
{% else %}${form(COPY.en, productId, false)}{% endif %}
</div>`;
  return new Response(page, { status: 200, headers: { "Content-Type": "application/liquid", "Cache-Control": "no-store" } });
}
