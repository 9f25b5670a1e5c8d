import { describe, expect, it } from "vitest";
import { createFormatter } from "./format";

describe("formatting for the admin's locale and the shop's currency and zone", () => {
  it("Japanese yen have no decimals; dates are written the Japanese way in the shop's zone", () => {
    const format = createFormatter({ locale: "ja", currencyCode: "JPY", timeZone: "Asia/Tokyo" });
    expect(format.money(4800)).toBe("￥4,800");
    expect(format.date(new Date("2026-11-22T16:00:00Z"))).toBe("2026年11月23日");
    expect(format.date("2026-11-23")).toBe("2026年11月23日");
    expect(format.percentPoints(0.05)).toBe("+5.0ポイント");
  });

  it("English uses the shop's currency and US dates", () => {
    const format = createFormatter({ locale: "en", currencyCode: "GBP", timeZone: "Europe/London" });
    expect(format.money(12.5)).toBe("£12.50");
    expect(format.date("2011-12-09")).toBe("December 9, 2011");
    expect(format.percent(0.256)).toBe("25.6%");
    expect(format.signedPercent(-0.1)).toBe("-10%");
    expect(format.number(1234567)).toBe("1,234,567");
  });
});
