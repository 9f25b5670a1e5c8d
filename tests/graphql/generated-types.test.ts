// The committed types of app/shopify/graphql/generated are what `npm run graphql-codegen` writes today:
// a document added or changed without regenerating fails here (the types the app compiles against
// would describe another query).
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generateAdminTypes } from "../../scripts/graphql-codegen";

const ROOT = path.resolve(__dirname, "../..");

describe("the generated GraphQL types", () => {
  it("are up to date with the documents and the 2026-10 Admin schema (else run `npm run graphql-codegen`)", async () => {
    const files = await generateAdminTypes();
    expect(files.map((f) => f.filename).sort()).toEqual([
      "app/shopify/graphql/generated/admin.generated.d.ts",
      "app/shopify/graphql/generated/admin.types.d.ts",
    ]);
    for (const file of files) {
      const committed = fs.readFileSync(path.join(ROOT, file.filename), "utf8");
      // Compared as booleans first: a diff of a 39,000-line file helps no one.
      expect(committed === file.content, `${file.filename} is stale: run \`npm run graphql-codegen\``).toBe(true);
    }
  }, 180_000);
});
