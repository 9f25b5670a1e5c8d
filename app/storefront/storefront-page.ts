// The outcome of a review posted without JavaScript, as an app-proxy Liquid page that Shopify renders
// inside the shop's theme (Content-Type application/liquid), in the storefront's language (en/ja).
// Always 200 so Shopify renders it; the outcome is in the words. No shopper text is echoed.

type Outcome =
  | "created"
  | "pending"
  | "login_required"
  | "not_a_buyer"
  | "not_yet_eligible"
  | "invalid_input"
  | "review_hidden"
  | "rate_limited"
  | "error";

const COPY: Record<Outcome, { en: string; ja: string }> = {
  created: { en: "Thank you for your review.", ja: "レビューをありがとうございます。" },
  pending: {
    en: "Thank you for your review. It will appear once the shop has read it.",
    ja: "レビューをありがとうございます。ショップが確認したあとに表示されます。",
  },
  login_required: { en: "Please log in to write a review.", ja: "レビューを書くにはログインしてください。" },
  not_a_buyer: { en: "Only customers who bought this product can review it.", ja: "この商品を購入したお客様のみレビューを書けます。" },
  not_yet_eligible: {
    en: "You can review this product a little after it has arrived.",
    ja: "商品がお手元に届いてしばらくすると、レビューを書けるようになります。",
  },
  invalid_input: {
    en: "Please choose a rating and write a few words (up to 4,000 characters).",
    ja: "評価を選び、本文を入力してください(4,000文字まで)。",
  },
  review_hidden: { en: "This review can no longer be changed.", ja: "このレビューは変更できません。" },
  rate_limited: { en: "Too many attempts. Please try again in a few minutes.", ja: "送信が多すぎます。数分後にもう一度お試しください。" },
  error: { en: "Your review could not be sent. Please try again.", ja: "送信できませんでした。もう一度お試しください。" },
};

const BACK = { en: "Continue shopping", ja: "買い物を続ける" };

function outcomeOf(status: number, body: { error?: string; review?: { status?: string } }): Outcome {
  if (status < 300) return body.review?.status === "published" ? "created" : "pending";
  const error = body.error === "too_large" || body.error === "invalid_body" ? "invalid_input" : body.error;
  return error && error in COPY ? (error as Outcome) : "error";
}

export async function storefrontPage(answer: Response): Promise<Response> {
  const copy =
    COPY[
      outcomeOf(
        answer.status,
        await answer
          .clone()
          .json()
          .catch(() => ({})),
      )
    ];
  const page = `<div class="page-width" style="padding:3rem 1rem">
{% if request.locale.iso_code == 'ja' %}<p>${copy.ja}</p><p><a href="{{ routes.root_url }}">${BACK.ja}</a></p>
{% else %}<p>${copy.en}</p><p><a href="{{ routes.root_url }}">${BACK.en}</a></p>{% endif %}
</div>`;
  return new Response(page, { status: 200, headers: { "Content-Type": "application/liquid", "Cache-Control": "no-store" } });
}
