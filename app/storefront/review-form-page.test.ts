import { describe, expect, it } from "vitest";
import { reviewFormPage } from "./review-form-page";

describe("the review form page of a review request step", () => {
  it("is a Liquid page in the storefront's language whose form posts the product to the reviews proxy", async () => {
    const page = reviewFormPage("8123")!;
    expect(page.headers.get("Content-Type")).toBe("application/liquid");
    const text = await page.text();
    expect(text).toContain('<form method="post" action="/apps/tsunagu/reviews">');
    expect(text.match(/name="product_id" value="8123"/g)).toHaveLength(2);
    expect(text).toContain("{% if request.locale.iso_code == 'ja' %}<h1>ご購入商品のレビュー</h1>");
    expect(text).toContain("<h1>Review your purchase</h1>");
  });

  it("refuses anything but a numeric product id", () => {
    for (const bad of [null, "", "gid://shopify/Product/1", "1<script>", "1".repeat(21)]) expect(reviewFormPage(bad)).toBeNull();
  });
});
