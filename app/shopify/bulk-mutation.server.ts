// One mutation run over many inputs as a bulk operation (docs/shopify.md §3): stage the JSONL of
// variables (stagedUploadsCreate + multipart POST), run bulkOperationRunMutation, wait, then read the
// result file line by line. Every input line is reported as succeeded or failed — a line missing from
// the results (a failed or cancelled operation) counts as failed, so the caller can retry it.
import type { AdminClient } from "./admin-client.server";
import { AdminApiError } from "./admin-client.server";
import { BulkOperationError, bulkFileLines, startBulkOperation, waitForBulkOperation, type BulkWaitOptions } from "./bulk-operation.server";
import { BulkOperationRunMutation } from "./graphql/bulk-operation-run-mutation.mutation";
import { StagedUploadsCreate } from "./graphql/staged-uploads-create.mutation";
import { parseJsonlLine } from "./jsonl";

/** A line's userErrors, as any mutation run in bulk reports them. */
interface UserError {
  message: string;
}

export interface BulkMutationOutcome {
  operationId: string;
  /** Indexes (0-based, input order) of the lines Shopify applied without errors. */
  succeeded: Set<number>;
  /** Input index → why it failed (user errors, GraphQL errors, or no result line). */
  failed: Map<number, string>;
}

async function stageVariables(admin: AdminClient, filename: string, jsonl: string): Promise<string> {
  const { stagedUploadsCreate } = await admin.request(StagedUploadsCreate, {
    input: [{ resource: "BULK_MUTATION_VARIABLES", filename, mimeType: "text/jsonl", httpMethod: "POST" }],
  });
  const target = stagedUploadsCreate?.stagedTargets?.[0];
  const userErrors = stagedUploadsCreate?.userErrors ?? [];
  if (!target?.url || userErrors.length > 0) {
    throw new AdminApiError(`stagedUploadsCreate: ${userErrors.map((e) => e.message).join("; ")}`);
  }
  // The form's parameters first, the file last (the storage service requires that order).
  const form = new FormData();
  for (const { name, value } of target.parameters) form.append(name, value);
  form.append("file", new Blob([jsonl], { type: "text/jsonl" }), filename);
  const upload = await fetch(target.url, { method: "POST", body: form });
  if (!upload.ok) throw new AdminApiError(`Staged upload for ${admin.shop} answered HTTP ${upload.status}`);
  const key = target.parameters.find((p) => p.name === "key")?.value;
  if (!key) throw new AdminApiError("stagedUploadsCreate returned no key parameter");
  return key;
}

/** Where a result line reports a problem: GraphQL errors or the mutation's userErrors. */
function lineFailure(result: Record<string, unknown>, mutationField: string): string | null {
  const errors = result.errors as { message: string }[] | undefined;
  if (errors && errors.length > 0) return errors.map((e) => e.message).join("; ");
  const payload = (result.data as Record<string, { userErrors?: UserError[] } | null> | undefined)?.[mutationField];
  if (!payload) return "no result";
  const userErrors = payload.userErrors ?? [];
  return userErrors.length > 0 ? userErrors.map((e) => e.message).join("; ") : null;
}

export async function runBulkMutation(
  admin: AdminClient,
  {
    mutation,
    mutationField,
    variables,
    clientIdentifier,
  }: { mutation: string; mutationField: string; variables: readonly Record<string, unknown>[]; clientIdentifier?: string },
  options?: BulkWaitOptions,
): Promise<BulkMutationOutcome> {
  const jsonl = variables.map((v) => JSON.stringify(v)).join("\n") + "\n";
  const stagedUploadPath = await stageVariables(admin, `${mutationField}.jsonl`, jsonl);
  const operationId = await startBulkOperation(
    admin,
    async () => (await admin.request(BulkOperationRunMutation, { mutation, stagedUploadPath, clientIdentifier })).bulkOperationRunMutation,
    options,
  );
  const operation = await waitForBulkOperation(admin, operationId, options);
  const succeeded = new Set<number>();
  const failed = new Map<number, string>();
  const resultUrl = operation.url ?? operation.partialDataUrl;
  if (resultUrl) {
    for await (const lines of bulkFileLines(resultUrl)) {
      for (const line of lines) {
        const result = parseJsonlLine(line);
        const index = result.__lineNumber;
        if (typeof index !== "number" || index < 0 || index >= variables.length) {
          throw new BulkOperationError(`Bulk ${mutationField} result line ${line.number} has no valid __lineNumber`);
        }
        const failure = lineFailure(result, mutationField);
        if (failure === null) succeeded.add(index);
        else failed.set(index, failure);
      }
    }
  }
  const missing =
    operation.status === "COMPLETED"
      ? "no result line"
      : `operation ${operation.status}${operation.errorCode ? ` (${operation.errorCode})` : ""}`;
  for (let index = 0; index < variables.length; index++) {
    if (!succeeded.has(index) && !failed.has(index)) failed.set(index, missing);
  }
  return { operationId, succeeded, failed };
}
