import { useState } from "react";
import { BlockStack, Button, Card, InlineStack, Modal, Text } from "@shopify/polaris";
import { useI18n } from "../../i18n/i18n-context";

interface RemoveTagsCardProps {
  tagPrefix: string;
  onRemove: () => void;
  removing: boolean;
  /** a settings run is under way */
  disabled: boolean;
}

/** Remove every Tsunagu tag from every customer, after a confirmation. */
export function RemoveTagsCard({ tagPrefix, onRemove, removing, disabled }: RemoveTagsCardProps) {
  const { t } = useI18n();
  const [confirming, setConfirming] = useState(false);
  const remove = () => {
    setConfirming(false);
    onRemove();
  };
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("settings.remove.heading")}
        </Text>
        <Text as="p" tone="subdued">
          {t("settings.remove.description")}
        </Text>
        <InlineStack>
          <Button tone="critical" onClick={() => setConfirming(true)} disabled={disabled} loading={removing}>
            {t("settings.remove.button")}
          </Button>
        </InlineStack>
      </BlockStack>
      <Modal
        open={confirming}
        onClose={() => setConfirming(false)}
        title={t("settings.remove.confirmTitle")}
        primaryAction={{ content: t("settings.remove.confirm"), destructive: true, onAction: remove }}
        secondaryActions={[{ content: t("settings.cancel"), onAction: () => setConfirming(false) }]}
      >
        <Modal.Section>
          <Text as="p">{t("settings.remove.confirmBody", { prefix: tagPrefix })}</Text>
        </Modal.Section>
      </Modal>
    </Card>
  );
}
