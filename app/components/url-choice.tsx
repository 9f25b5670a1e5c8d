// A segmented choice kept in the URL (?period=90): real buttons with aria-pressed, so the page's
// state is linkable and the loader re-runs with it.
import { useSearchParams } from "@remix-run/react";
import { Button, ButtonGroup, InlineStack, Text } from "@shopify/polaris";

export interface Choice {
  value: string;
  label: string;
}

export function UrlChoice({ param, label, choices, selected }: { param: string; label: string; choices: Choice[]; selected: string }) {
  const [, setSearchParams] = useSearchParams();
  return (
    <InlineStack gap="200" blockAlign="center">
      <Text as="span">{label}</Text>
      <ButtonGroup variant="segmented">
        {choices.map((choice) => (
          <Button
            key={choice.value}
            pressed={choice.value === selected}
            onClick={() =>
              setSearchParams((params) => {
                params.set(param, choice.value);
                return params;
              })
            }
          >
            {choice.label}
          </Button>
        ))}
      </ButtonGroup>
    </InlineStack>
  );
}
