// Staged uploads for bulk mutations, as Shopify hands them out (docs/shopify.md §3): stagedUploadsCreate
// returns a POST target on Google Cloud Storage with a signed policy; the app POSTs a multipart form
// (the parameters, then `file`) and passes the `key` parameter as bulkOperationRunMutation's
// stagedUploadPath. The emulator plays the storage bucket at <origin>/shopify-staged-uploads/ and
// answers like GCS: 201 with an XML PostResponse, 403 AccessDenied for an unsigned or unknown key.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { bulkHost, bulkWorkDir, stagedFiles } from "./bulk-operations";
import type { FeatureRoute } from "./feature-routes";
import type { EmulatedShop } from "./store";

export const STAGED_UPLOAD_PATH = "/shopify-staged-uploads/";

interface StagedUploadInput {
  resource: string;
  filename: string;
  mimeType: string;
  httpMethod?: "POST" | "PUT" | null;
  fileSize?: string | null;
}

const policySecret = crypto.randomBytes(32);
/** Keys handed out by stagedUploadsCreate and not yet uploaded. */
const issuedKeys = new Map<string, EmulatedShop>();

function signKey(key: string): string {
  return crypto.createHmac("sha256", policySecret).update(key).digest("hex");
}

function gcsTimestamp(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

export function createStagedUploadTargets(shop: EmulatedShop, inputs: StagedUploadInput[]) {
  const userErrors: { field: string[]; message: string }[] = [];
  inputs.forEach((input, i) => {
    if (input.resource !== "BULK_MUTATION_VARIABLES") {
      userErrors.push({
        field: ["input", String(i), "resource"],
        message: `Staged uploads for ${input.resource} are not implemented by the Tsunagu Shopify emulator`,
      });
    }
    if ((input.httpMethod ?? "PUT") !== "POST") {
      userErrors.push({
        field: ["input", String(i), "httpMethod"],
        message: "The Tsunagu Shopify emulator implements POST staged uploads only",
      });
    }
  });
  if (userErrors.length) return { stagedTargets: null, userErrors };

  const url = `${bulkHost(shop).origin}${STAGED_UPLOAD_PATH}`;
  const now = new Date();
  const stagedTargets = inputs.map((input) => {
    const key = `tmp/${shop.shopId}/bulk/${crypto.randomUUID()}/${input.filename}`;
    issuedKeys.set(key, shop);
    const signature = signKey(key);
    const policy = Buffer.from(JSON.stringify({ conditions: [{ key }, ["content-length-range", 1, 104_857_600]] })).toString("base64");
    return {
      url,
      resourceUrl: `${url}${key}`,
      parameters: [
        { name: "Content-Type", value: input.mimeType },
        { name: "success_action_status", value: "201" },
        { name: "acl", value: "private" },
        { name: "key", value: key },
        { name: "x-goog-date", value: gcsTimestamp(now) },
        {
          name: "x-goog-credential",
          value: `emulator@shopify-emulator.iam.gserviceaccount.com/${gcsTimestamp(now).slice(0, 8)}/auto/storage/goog4_request`,
        },
        { name: "x-goog-algorithm", value: "GOOG4-RSA-SHA256" },
        { name: "x-goog-signature", value: signature },
        { name: "policy", value: policy },
      ],
    };
  });
  return { stagedTargets, userErrors };
}

function xml(code: string, message: string): string {
  return `<?xml version='1.0' encoding='UTF-8'?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;
}

/** POST <origin>/shopify-staged-uploads/ (multipart/form-data): stores the file under its key. */
export const stagedUploadRoute: FeatureRoute = async ({ request, url, readBody, send, response }) => {
  if (request.method !== "POST" || url.pathname !== STAGED_UPLOAD_PATH) return false;
  const xmlHeaders = { "Content-Type": "application/xml; charset=UTF-8" };
  let form: FormData;
  try {
    form = await new Request(url, {
      method: "POST",
      headers: { "content-type": String(request.headers["content-type"] ?? "") },
      body: new Blob([new Uint8Array(await readBody())]),
    }).formData();
  } catch {
    send(400, xml("InvalidArgument", "Cannot parse the multipart form."), xmlHeaders);
    return true;
  }
  const key = String(form.get("key") ?? "");
  const shop = issuedKeys.get(key);
  if (!shop || form.get("x-goog-signature") !== signKey(key)) {
    send(403, xml("AccessDenied", "Invalid signature or unknown key."), xmlHeaders);
    return true;
  }
  const file = form.get("file");
  if (!file || typeof file === "string") {
    send(400, xml("InvalidArgument", "The form has no file field."), xmlHeaders);
    return true;
  }
  const bytes = Buffer.from(await file.arrayBuffer());
  const stored = path.join(bulkWorkDir(), `staged-${crypto.randomUUID()}.jsonl`);
  fs.writeFileSync(stored, bytes);
  stagedFiles.set(key, { shop, path: stored, bytes: bytes.length });
  issuedKeys.delete(key);
  const etag = crypto.createHash("md5").update(bytes).digest("hex");
  response.writeHead(201, { ...xmlHeaders, ETag: `"${etag}"`, Location: `${url.origin}${STAGED_UPLOAD_PATH}${key}` });
  response.end(
    `<?xml version='1.0' encoding='UTF-8'?><PostResponse><Location>${url.origin}${STAGED_UPLOAD_PATH}${key}</Location>` +
      `<Bucket>shopify-staged-uploads</Bucket><Key>${key}</Key><ETag>"${etag}"</ETag></PostResponse>`,
  );
  return true;
};
