// The Polaris web components the post-purchase block uses (<s-stack>, <s-button>, …) as Preact JSX
// elements, for the app's own type-check of the extension code the tests render. Only the component
// declarations: a whole target's types would also declare the extension's global `shopify`, which
// clashes with App Bridge's `window.shopify` in the admin app (each extension's shopify.d.ts has it).
/// <reference path="../../node_modules/@shopify/ui-extensions/build/ts/surfaces/checkout/components/Banner.d.ts" />
/// <reference path="../../node_modules/@shopify/ui-extensions/build/ts/surfaces/checkout/components/Button.d.ts" />
/// <reference path="../../node_modules/@shopify/ui-extensions/build/ts/surfaces/checkout/components/Heading.d.ts" />
/// <reference path="../../node_modules/@shopify/ui-extensions/build/ts/surfaces/checkout/components/Paragraph.d.ts" />
/// <reference path="../../node_modules/@shopify/ui-extensions/build/ts/surfaces/checkout/components/PressButton.d.ts" />
/// <reference path="../../node_modules/@shopify/ui-extensions/build/ts/surfaces/checkout/components/Stack.d.ts" />
/// <reference path="../../node_modules/@shopify/ui-extensions/build/ts/surfaces/checkout/components/Text.d.ts" />
/// <reference path="../../node_modules/@shopify/ui-extensions/build/ts/surfaces/checkout/components/TextArea.d.ts" />
