// GIVEN a shop, WHEN the merchant saves UTM rules for channels, THEN they are kept per shop, bad rules save
// nothing, and a shop that never saved any has the defaults (utm_source=line → messaging).
import { describe, expect, it } from "vitest";
import { channelOf, DEFAULT_UTM_RULES } from "../../app/domain/touchpoints/channels";
import { loadUtmRules, saveUtmRules } from "../../app/models/touchpoints.server";

const SHOP = "utm-rules.myshopify.com";

describe("UTM rules per shop", () => {
  it("starts with the defaults, keeps the saved rules, and refuses bad ones without losing the saved", async () => {
    expect(await loadUtmRules(SHOP)).toEqual(DEFAULT_UTM_RULES);

    expect(await saveUtmRules(SHOP, [{ field: "utm_source", value: "Mag", channel: "email" }])).toEqual({
      ok: true,
      rules: [{ field: "utm_source", value: "mag", channel: "email" }],
    });
    const saved = await loadUtmRules(SHOP);
    expect(saved).toEqual([{ field: "utm_source", value: "mag", channel: "email" }]);
    expect(channelOf({ utmSource: "MAG", utmMedium: "social" }, saved)).toBe("email");

    expect(await saveUtmRules(SHOP, [{ field: "utm_source", value: "x", channel: "fax" }])).toEqual({
      ok: false,
      errors: [{ index: 0, code: "channel" }],
    });
    expect(await loadUtmRules(SHOP)).toEqual(saved);
    expect(await loadUtmRules("other-shop.myshopify.com")).toEqual(DEFAULT_UTM_RULES);

    expect(await saveUtmRules(SHOP, [])).toEqual({ ok: true, rules: [] });
    expect(await loadUtmRules(SHOP)).toEqual([]);
  });
});
