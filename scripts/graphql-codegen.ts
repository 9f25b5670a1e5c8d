// TypeScript types for every GraphQL document in app/shopify/graphql, generated with Shopify's codegen
// preset against the repository's own copy of the 2026-10 Admin schema (tests/data/shopify), offline.
// `npm run graphql-codegen` writes them to app/shopify/graphql/generated/ (committed); the test
// tests/graphql/generated-types.test.ts fails when they are not what this would write
// (docs/contributing.md, docs/decisions/034).
import fs from "node:fs";
import path from "node:path";
import { generate, type CodegenConfig } from "@graphql-codegen/cli";
import { ApiType, pluckConfig, preset } from "@shopify/api-codegen-preset";
import { gqlPluckFromCodeStringSync, type GraphQLTagPluckOptions } from "@graphql-tools/graphql-tag-pluck";
import { Kind, parse, printSchema } from "graphql";
import { adminSchema } from "../tests/emulator/schema";

const ROOT = path.resolve(__dirname, "..");
const DOCUMENTS_DIR = "app/shopify/graphql";
const GENERATED_DIR = "app/shopify/graphql/generated";

/**
 * The files typed: every document file except those holding an anonymous operation — the inner queries
 * of bulk operations (one operation each, sent as a string to bulkOperationRunQuery), which cannot share
 * one document set and whose answer is JSONL read in bulk-records.ts. tests/graphql/documents.test.ts
 * validates them too.
 */
function documentFiles(): string[] {
  return fs
    .readdirSync(path.join(ROOT, DOCUMENTS_DIR))
    .filter((name) => name.endsWith(".ts") && !name.endsWith(".d.ts") && !name.endsWith(".test.ts"))
    .sort()
    .map((name) => `${DOCUMENTS_DIR}/${name}`)
    .filter((file) => {
      const code = fs.readFileSync(path.join(ROOT, file), "utf8");
      const sources = gqlPluckFromCodeStringSync(file, code, pluckConfig as GraphQLTagPluckOptions);
      return !sources.some((source) => parse(source.body).definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION && !d.name));
    });
}

export interface GeneratedFile {
  /** Relative to the repository root. */
  filename: string;
  content: string;
}

/** The generated files' contents (nothing is written). */
export async function generateAdminTypes(): Promise<GeneratedFile[]> {
  const cwd = process.cwd();
  process.chdir(ROOT); // the codegen resolves document globs and output paths from the working directory
  try {
    const outputs: GeneratedFile[] = await generate(
      {
        schema: printSchema(adminSchema()),
        documents: documentFiles(),
        // Shopify's pluck hooks (the `#graphql` tag) are more than the declared type knows.
        pluckConfig: pluckConfig as CodegenConfig["pluckConfig"],
        silent: true,
        generates: {
          [`${GENERATED_DIR}/admin.types.d.ts`]: {
            plugins: ["typescript"],
            config: { defaultScalarType: "string", scalars: { JSON: "unknown" }, enumsAsTypes: true, disableDescriptions: true },
          },
          [`${GENERATED_DIR}/admin.generated.d.ts`]: { preset, presetConfig: { apiType: ApiType.Admin } },
        },
      },
      false,
    );
    return outputs.map(({ filename, content }) => ({ filename: path.relative(ROOT, path.resolve(ROOT, filename)), content }));
  } finally {
    process.chdir(cwd);
  }
}

async function main() {
  for (const file of await generateAdminTypes()) {
    fs.mkdirSync(path.dirname(path.join(ROOT, file.filename)), { recursive: true });
    fs.writeFileSync(path.join(ROOT, file.filename), file.content);
    console.log(`${file.filename}: ${file.content.split("\n").length} lines`);
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
