import { useState } from "react";
import { Button, InlineStack, Modal, Text } from "@shopify/polaris";
import { SectionCard } from "../section-card";
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
    <SectionCard title={t("settings.remove.heading")} description={t("settings.remove.description")}>
      <InlineStack>
        <Button tone="critical" onClick={() => setConfirming(true)} disabled={disabled} loading={removing}>
          {t("settings.remove.button")}
        </Button>
      </InlineStack>
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
    </SectionCard>
  );
}
