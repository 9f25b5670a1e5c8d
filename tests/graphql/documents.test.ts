// Every GraphQL document in app/shopify/graphql — those there today and any added later — is valid
// against the repository's 2026-10 Admin schema, as Shopify would judge it (tests/emulator/validate.ts):
// an unknown field, a missing argument or a mistyped variable fails here, not on a merchant's shop.
// Two views of each file: what code generation reads (every `#graphql` literal, with the fragments of
// every file, which code generation merges) and what is sent (every exported string, interpolations
// included; a string of fragments only is checked where it is spread).
import fs from "node:fs";
import path from "node:path";
import { gqlPluckFromCodeStringSync } from "@graphql-tools/graphql-tag-pluck";
import { pluckConfig } from "@shopify/api-codegen-preset";
import { Kind, parse, visit, type DefinitionNode, type DocumentNode, type FragmentDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import { adminSchema } from "../emulator/schema";
import { validateAsShopify } from "../emulator/validate";

const DOCUMENTS_DIR = path.resolve(__dirname, "../../app/shopify/graphql");
const files = fs
  .readdirSync(DOCUMENTS_DIR)
  .filter((name) => name.endsWith(".ts") && !name.endsWith(".d.ts") && !name.endsWith(".test.ts"))
  .sort();

/** The literals code generation reads in one file (interpolations become comments). */
function pluckedDocuments(file: string): DocumentNode[] {
  const code = fs.readFileSync(path.join(DOCUMENTS_DIR, file), "utf8");
  const sources = gqlPluckFromCodeStringSync(file, code, pluckConfig as never);
  return sources.map((source) => parse(source.body));
}

/** The fragments `definitions` spread, found among `fragments`, transitively. */
function withFragments(definitions: readonly DefinitionNode[], fragments: Map<string, FragmentDefinitionNode>): DocumentNode {
  const included = new Map<string, FragmentDefinitionNode>();
  const pending = [...definitions];
  while (pending.length > 0) {
    visit(pending.pop()!, {
      FragmentSpread(node) {
        const fragment = fragments.get(node.name.value);
        if (fragment && !included.has(node.name.value)) {
          included.set(node.name.value, fragment);
          pending.push(fragment);
        }
      },
    });
  }
  const own = definitions.filter((d) => d.kind !== Kind.FRAGMENT_DEFINITION);
  return { kind: Kind.DOCUMENT, definitions: [...own, ...included.values()] };
}

function errorsOf(document: DocumentNode): string[] {
  return validateAsShopify(adminSchema(), document).map((error) => error.message);
}

describe("the GraphQL documents of app/shopify/graphql", () => {
  it("are there to check: at least the 26 documents the app has sent since the bulk backfill", () => {
    const operations = files
      .flatMap(pluckedDocuments)
      .flatMap((doc) => doc.definitions)
      .filter((d) => d.kind === Kind.OPERATION_DEFINITION);
    expect(operations.length).toBeGreaterThanOrEqual(26);
  });

  const fragments = new Map(
    files
      .flatMap(pluckedDocuments)
      .flatMap((doc) => doc.definitions)
      .filter((d) => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d] as const),
  );

  for (const file of files) {
    it(`${file}: every #graphql literal is valid against the 2026-10 Admin schema`, () => {
      const documents = pluckedDocuments(file);
      expect(documents.length, `${file} holds no #graphql literal`).toBeGreaterThan(0);
      for (const document of documents) {
        if (document.definitions.every((d) => d.kind === Kind.FRAGMENT_DEFINITION)) continue; // checked where it is spread
        expect(errorsOf(withFragments(document.definitions, fragments))).toEqual([]);
      }
    });

    it(`${file}: every exported document is valid as sent`, async () => {
      const exported = Object.entries((await import(path.join(DOCUMENTS_DIR, file))) as Record<string, unknown>);
      for (const [name, value] of exported) {
        if (typeof value !== "string" || !value.trimStart().startsWith("#graphql")) continue;
        const document = parse(value);
        if (document.definitions.every((d) => d.kind === Kind.FRAGMENT_DEFINITION)) continue; // checked where it is spread
        expect({ name, errors: errorsOf(document) }).toEqual({ name, errors: [] });
      }
    });
  }

  it("would catch a field the schema does not have, as Shopify names it", () => {
    const errors = errorsOf(parse("query ShopFacts { shop { currencyCode ianaTimeZone } }"));
    expect(errors).toEqual(["Field 'ianaTimeZone' doesn't exist on type 'Shop'"]);
  });
});
