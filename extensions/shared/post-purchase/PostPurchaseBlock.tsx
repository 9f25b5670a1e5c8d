/** @jsxImportSource preact */
// The block both post-purchase extensions render (thank-you page in checkout, order status page in
// customer accounts): a thank-you that fits who the buyer is, and one NPS question (0–10 and an
// optional comment) sent to the app with the extension's session token.
import { useEffect, useState } from "preact/hooks";
import { thankYouVariant } from "./thank-you-variant";

export interface PostPurchaseApi {
  sessionToken: { get(): Promise<string> };
  i18n: { translate(key: string, options?: Record<string, string | number>): string };
}

export interface PostPurchaseBlockProps {
  api: PostPurchaseApi;
  source: "thank-you" | "order-status";
  orderId: string;
  isFirstOrder?: boolean;
  appUrl: string;
}

type Phase = "loading" | "asking" | "sending" | "answered" | "failed";
const SCORES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
export const COMMENT_MAX = 1000;

async function callApp(api: PostPurchaseApi, url: string, init: RequestInit = {}): Promise<Response> {
  const token = await api.sessionToken.get();
  return fetch(url, { ...init, headers: { ...init.headers, Authorization: `Bearer ${token}` } });
}

export function PostPurchaseBlock({ api, source, orderId, isFirstOrder, appUrl }: PostPurchaseBlockProps) {
  const t = api.i18n.translate;
  const [stage, setStage] = useState<string | null>(null);
  const [phase, setPhase] = useState<Phase>("loading");
  const [score, setScore] = useState<number | null>(null);
  const [comment, setComment] = useState("");
  const endpoint = `${appUrl}/api/post-purchase?source=${source}`;

  useEffect(() => {
    let current = true;
    callApp(api, `${endpoint}&order_id=${encodeURIComponent(orderId)}`)
      .then((response) => (response.ok ? response.json() : null))
      .then((state: { stage: string | null; answered: boolean } | null) => {
        if (!current) return;
        setStage(state?.stage ?? null);
        setPhase(state?.answered ? "answered" : "asking");
      })
      // Without the app the buyer still gets a thank-you and the question.
      .catch(() => current && setPhase("asking"));
    return () => {
      current = false;
    };
  }, [api, endpoint, orderId]);

  async function send() {
    if (score === null) return;
    setPhase("sending");
    try {
      const response = await callApp(api, endpoint, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ order_id: orderId, score, comment }),
      });
      // 409: the order was answered already (from the other page): the buyer's answer is in.
      setPhase(response.ok || response.status === 409 ? "answered" : "failed");
    } catch {
      setPhase("failed");
    }
  }

  const variant = thankYouVariant(stage, isFirstOrder);
  return (
    <s-stack gap="base">
      <s-heading>{t(`thanks.${variant}.heading`)}</s-heading>
      <s-paragraph>{t(`thanks.${variant}.body`)}</s-paragraph>
      {phase === "answered" ? (
        <s-banner tone="success" heading={t("nps.thanks")} />
      ) : phase === "loading" ? null : (
        <s-stack gap="small">
          <s-text type="strong">{t("nps.question")}</s-text>
          <s-stack direction="inline" gap="small-300">
            {SCORES.map((n) => (
              <s-press-button
                key={n}
                pressed={score === n}
                accessibilityLabel={t("nps.scoreLabel", { score: n })}
                onClick={() => setScore(n)}
              >
                {String(n)}
              </s-press-button>
            ))}
          </s-stack>
          <s-stack direction="inline" justifyContent="space-between">
            <s-text color="subdued">{t("nps.unlikely")}</s-text>
            <s-text color="subdued">{t("nps.likely")}</s-text>
          </s-stack>
          {score !== null && (
            <s-text-area
              label={t("nps.comment")}
              maxLength={COMMENT_MAX}
              value={comment}
              onInput={(event: Event) => setComment((event.currentTarget as HTMLTextAreaElement).value)}
            />
          )}
          <s-button disabled={score === null} loading={phase === "sending"} onClick={send}>
            {t("nps.send")}
          </s-button>
          {phase === "failed" && <s-banner tone="critical" heading={t("nps.failed")} />}
        </s-stack>
      )}
    </s-stack>
  );
}
