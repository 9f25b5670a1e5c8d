// ESLint (flat config): the recommended rules of ESLint and typescript-eslint, and React's rules of hooks,
// tuned to this codebase (docs/contributing.md). `npm run lint` runs it, then `prettier --check`.
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "build/",
      "public/build/",
      ".cache/",
      ".shopify/",
      "tests/artifacts/",
      "tests/.tmp/",
      "extensions/*/dist/",
      "extensions/*/shopify.d.ts",
      "app/shopify/graphql/generated/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: "module",
      globals: { ...globals.node, ...globals.browser },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // A leading underscore names a parameter or a destructured field that is there to be left out.
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
    },
  },
  {
    // The rules of hooks where React runs. The plugin's React Compiler rules (set-state-in-effect, purity, …)
    // stay off: the app does not use the compiler, and its effects react to fetcher results by design.
    files: ["app/**/*.{ts,tsx}", "extensions/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
    },
  },
  {
    // Tests and the emulator read untyped JSON (GraphQL answers, resolver arguments) on purpose.
    files: ["tests/**", "**/*.test.{ts,tsx}"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    // Declaration files pull in the UI extensions' component types by path.
    files: ["**/*.d.ts"],
    rules: { "@typescript-eslint/triple-slash-reference": "off" },
  },
);
