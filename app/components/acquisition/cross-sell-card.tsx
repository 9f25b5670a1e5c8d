// The playbook's product content from the store's own orders: after each of the first products with the
// most customers, what their buyers' second orders held most often (docs/touchpoints.md §5).
import { Link } from "@remix-run/react";
import { List, Text } from "@shopify/polaris";
import { SectionCard } from "../section-card";
import type { CrossSell } from "../../domain/touchpoints/next-products";
import type { Formatter } from "../../i18n/format";
import { useI18n } from "../../i18n/i18n-context";

export function CrossSellCard({
  crossSell,
  productTitles,
  format,
}: {
  crossSell: CrossSell[];
  productTitles: Record<string, string>;
  format: Formatter;
}) {
  const { t } = useI18n();
  const title = (id: string) => productTitles[id] ?? t("acquisition.product", { id: id.split("/").pop() ?? id });
  return (
    <SectionCard title={t("acquisition.crossSell.heading")} description={t("acquisition.crossSell.description")}>
      {crossSell.length === 0 ? (
        <Text as="p">{t("acquisition.crossSell.empty")}</Text>
      ) : (
        <List>
          {crossSell.map((row) => (
            <List.Item key={row.productId}>
              {t("acquisition.crossSell.item", {
                product: title(row.productId),
                customers: format.number(row.firstOrderCustomers),
                suggestions: row.suggestions
                  .map((s) => t("acquisition.crossSell.suggestion", { product: title(s.productId), customers: format.number(s.customers) }))
                  .join(t("acquisition.list.separator")),
              })}
            </List.Item>
          ))}
        </List>
      )}
      <Link to="/app/acquisition">{t("acquisition.crossSell.link")}</Link>
    </SectionCard>
  );
}
