// prisma/schema.prisma (SQLite) is the one source of truth for the models; the PostgreSQL schema is
// the same file with the datasource switched. `node scripts/postgres-schema.mjs` writes it;
// `--check` fails when it is out of date (run by the tests).
import fs from "node:fs";

const SOURCE = "prisma/schema.prisma";
const TARGET = "prisma/postgres/schema.prisma";

const source = fs.readFileSync(SOURCE, "utf8");
const datasource = /datasource db \{[^}]*\}/;
if (!datasource.test(source)) throw new Error(`${SOURCE} has no datasource block`);
const generated =
  `// GENERATED from ${SOURCE} by scripts/postgres-schema.mjs — do not edit; edit ${SOURCE} and re-run it.\n` +
  source.replace(
    datasource,
    `datasource db {\n  provider = "postgresql"\n  // Ignored (the adapter from prisma.config.ts wins); Prisma 6 needs a url to read the generator offline.\n  url      = "postgresql://localhost/unused"\n}`,
  );

if (process.argv.includes("--check")) {
  const current = fs.existsSync(TARGET) ? fs.readFileSync(TARGET, "utf8") : "";
  if (current !== generated) {
    console.error(`${TARGET} is out of date: run node scripts/postgres-schema.mjs and add a PostgreSQL migration.`);
    process.exit(1);
  }
} else {
  fs.mkdirSync("prisma/postgres", { recursive: true });
  fs.writeFileSync(TARGET, generated);
  console.log(`wrote ${TARGET}`);
}
