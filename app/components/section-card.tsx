// A card of an admin page: its heading (with an action beside it when there is one), a subdued line
// saying what the card shows, then the content. TableCard: such a card holding one table.
import { BlockStack, Card, DataTable, InlineStack, Text } from "@shopify/polaris";
import type { ComponentProps, ReactNode } from "react";

export function SectionCard({
  title,
  description,
  action,
  gap = "300",
  children,
}: {
  title: string;
  description?: ReactNode;
  /** a control beside the heading: a download, a filter */
  action?: ReactNode;
  gap?: "200" | "300" | "400";
  children?: ReactNode;
}) {
  const heading = (
    <Text as="h2" variant="headingMd">
      {title}
    </Text>
  );
  return (
    <Card>
      <BlockStack gap={gap}>
        {action ? (
          <InlineStack align="space-between" blockAlign="center" gap="300">
            {heading}
            {action}
          </InlineStack>
        ) : (
          heading
        )}
        {description ? (
          <Text as="p" tone="subdued">
            {description}
          </Text>
        ) : null}
        {children}
      </BlockStack>
    </Card>
  );
}

/** A SectionCard of one table — a text column, then numbers — with the notes that define its figures under it. */
export function TableCard({
  title,
  headings,
  rows,
  notes,
}: {
  title: string;
  headings: string[];
  rows: ComponentProps<typeof DataTable>["rows"];
  notes: string[];
}) {
  return (
    <SectionCard title={title}>
      <DataTable columnContentTypes={["text", ...headings.slice(1).map(() => "numeric" as const)]} headings={headings} rows={rows} />
      {notes.map((note) => (
        <Text key={note} as="p" variant="bodySm" tone="subdued">
          {note}
        </Text>
      ))}
    </SectionCard>
  );
}
