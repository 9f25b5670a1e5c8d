// Tag writes at scale: npm run bench:tags -- [--customers 20000] [--paced-customers 1000] [--plan standard] [--json]
// The emulator (a child process, Online Retail copied until it has --customers customers) at a Shopify
// plan's rate limit. Every customer needs its stage tag written.
//   paced: --paced-customers of them through the paced client (tagsAdd, 10 points each). The bound is
//          the fastest the bucket allows from full: n mutations need (n·cost − bucket)/restoreRate s.
//          pacedRatio = measured rate / bound (target ≥ 0.9), throttled = THROTTLED answers (target 0).
//   bulk:  all --customers through one bulk tagsAdd mutation (staged upload, run, poll, result file).
// The paced sample is smaller than the bulk delta because at Standard 20,000 paced tags take 33 min.
import { parseArgs } from "node:util";
import { startEmulatorChild, useFreshDatabase } from "./bench-setup";

const ONLINE_RETAIL_CUSTOMERS = 4_372;
const MUTATION_COST = 10; // tagsAdd: Shopify's mutation cost

const { values } = parseArgs({
  options: {
    customers: { type: "string", default: "20000" },
    "paced-customers": { type: "string", default: "1000" },
    plan: { type: "string", default: "standard" },
    json: { type: "boolean", default: false },
  },
});

async function main() {
  const wanted = Number(values.customers);
  const pacedCount = Math.min(wanted, Number(values["paced-customers"]));
  useFreshDatabase("bench-tags");
  const emulator = await startEmulatorChild({ scale: Math.ceil(wanted / ONLINE_RETAIL_CUSTOMERS), plan: values.plan! });
  const { default: prisma } = await import("../../app/db.server");
  const { pushCustomerTags } = await import("../../app/jobs/push-customer-tags.server");
  const { upsertCustomers } = await import("../../app/models/customer.server");
  const { createAdminClient } = await import("../../app/shopify/admin-client.server");
  const { bulkFileLines, runBulkQuery, waitForBulkOperation } = await import("../../app/shopify/bulk-operation.server");
  const { parseJsonlLine } = await import("../../app/shopify/jsonl");

  const admin = createAdminClient({ shop: emulator.shop, accessToken: emulator.accessToken, endpoint: emulator.adminApiUrl });
  const shop = emulator.shop;
  await prisma.shop.create({ data: { shop } });

  // The customers' ids, through a bulk query (free of the rate limit, so the bucket starts full).
  const op = await waitForBulkOperation(admin, await runBulkQuery(admin, "{ customers { edges { node { id } } } }"));
  const ids: string[] = [];
  for await (const lines of bulkFileLines(op.url!)) for (const line of lines) ids.push(parseJsonlLine(line).id as string);
  const { throttleStatus } = await readThrottleStatus(emulator.adminApiUrl, emulator.accessToken);
  // Let the bucket refill after the id query.
  await new Promise((resolve) => setTimeout(resolve, 2_000));

  async function delta(customerIds: string[]) {
    await prisma.customer.deleteMany({ where: { shop } });
    const at = new Date();
    await upsertCustomers(
      shop,
      customerIds.map((id) => ({ id, shopifyCreatedAt: at, shopifyUpdatedAt: at, shopifyRfmGroup: null, ownedTags: [], tagCount: 0 })),
      at,
    );
    await prisma.customer.updateMany({ where: { shop }, data: { stage: "regular" } });
  }

  // Paced
  await delta(ids.slice(0, pacedCount));
  let started = performance.now();
  const paced = await pushCustomerTags({ shop, admin, bulkMinCustomers: Number.POSITIVE_INFINITY });
  const pacedSeconds = (performance.now() - started) / 1000;
  const pacedTagsPerSecond = paced.written / pacedSeconds;
  const boundSeconds = Math.max(0, pacedCount * MUTATION_COST - throttleStatus.maximumAvailable) / throttleStatus.restoreRate;
  const boundTagsPerSecond = boundSeconds > 0 ? pacedCount / boundSeconds : Number.POSITIVE_INFINITY;
  const pacedRatio = pacedTagsPerSecond / boundTagsPerSecond;

  // Bulk: the whole delta (the paced sample's customers included: tagsAdd of a tag they have is a no-op)
  const bulkIds = ids.slice(0, wanted);
  await delta(bulkIds);
  started = performance.now();
  const bulk = await pushCustomerTags({ shop, admin, bulkMinCustomers: 0, bulk: { firstPollMs: 100, maxPollMs: 1_000 } });
  const bulkSeconds = (performance.now() - started) / 1000;
  emulator.stop();

  const plan = `${values.plan} (bucket ${throttleStatus.maximumAvailable}, ${throttleStatus.restoreRate} points/s)`;
  console.log(`plan: ${plan}`);
  console.log(
    `paced: ${paced.written} tags in ${pacedSeconds.toFixed(1)} s = ${pacedTagsPerSecond.toFixed(2)} tags/s; bound ${boundTagsPerSecond.toFixed(2)} tags/s; ratio ${pacedRatio.toFixed(3)}; THROTTLED ${admin.stats.throttled}`,
  );
  console.log(
    `bulk: ${bulk.written} tags in ${bulkSeconds.toFixed(1)} s (${(bulk.written / bulkSeconds).toFixed(0)} tags/s), ${bulk.retried} lines retried`,
  );
  // Within the bucket's burst a paced write waits for nothing; past it each one waits cost/restoreRate.
  const burst = Math.floor(throttleStatus.maximumAvailable / MUTATION_COST);
  console.log(
    `per customer past the first ${burst} (the bucket's burst): paced ${(MUTATION_COST / throttleStatus.restoreRate).toFixed(3)} s, bulk ${(bulkSeconds / bulk.written).toFixed(3)} s; ` +
      `paced would need ${(bulk.written / pacedTagsPerSecond).toFixed(0)} s for the same ${bulk.written}`,
  );
  if (values.json) {
    console.log(
      JSON.stringify({
        pacedTagsPerSecond: round(pacedTagsPerSecond),
        boundTagsPerSecond: round(boundTagsPerSecond),
        pacedRatio: round(pacedRatio),
        throttled: admin.stats.throttled,
        bulkSeconds: round(bulkSeconds),
      }),
    );
  }
  await prisma.$disconnect();
  process.exit(0);
}

async function readThrottleStatus(url: string, token: string) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token },
    body: JSON.stringify({ query: "{ shop { id } }" }),
  });
  const body = (await response.json()) as { extensions: { cost: { throttleStatus: { maximumAvailable: number; restoreRate: number } } } };
  return body.extensions.cost;
}

const round = (value: number) => Math.round(value * 1000) / 1000;

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
