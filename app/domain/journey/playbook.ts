// The playbook (MAシナリオ, docs/domain.md §7): per lifecycle segment the mix of brand / product / offer
// content and example actions. Stored as JSON on the shop; actions left null show the defaults in
// the admin's language (i18n keys playbook.actions.<segment>).
import { LIFECYCLE_STAGES, type LifecycleStage } from "../types";

export interface ContentMix {
  /** Percentages that add up to 100. */
  brand: number;
  product: number;
  offer: number;
}

export interface PlaybookEntry {
  mix: ContentMix;
  /** One action per line, as the merchant wrote them; null = the defaults. */
  actions: string[] | null;
}

export type Playbook = Record<LifecycleStage, PlaybookEntry>;

/** docs/domain.md §7's emphasis per segment, as percentages. */
export const DEFAULT_CONTENT_MIX: Record<LifecycleStage, ContentMix> = {
  prospect: { brand: 60, product: 0, offer: 40 }, // brand + trial offer
  new: { brand: 50, product: 50, offer: 0 }, // brand + product
  regular: { brand: 10, product: 80, offer: 10 }, // product
  vip: { brand: 60, product: 20, offer: 20 }, // brand + exclusive
  dormant: { brand: 0, product: 50, offer: 50 }, // product + offer
  churned: { brand: 0, product: 10, offer: 90 }, // offer
};

export const DEFAULT_PLAYBOOK: Playbook = Object.fromEntries(
  LIFECYCLE_STAGES.map((segment) => [segment, { mix: DEFAULT_CONTENT_MIX[segment], actions: null }]),
) as Playbook;

const MAX_ACTIONS = 10;
const MAX_ACTION_LENGTH = 200;

export type PlaybookError = "mixNotWhole" | "mixNotHundred" | "tooManyActions" | "actionTooLong";

/** Validates one segment's entry from the admin form (mix as whole percentages, actions one per line). */
export function parsePlaybookEntry(input: {
  brand: unknown;
  product: unknown;
  offer: unknown;
  actions: unknown;
}): { ok: true; entry: PlaybookEntry } | { ok: false; errors: PlaybookError[] } {
  const errors: PlaybookError[] = [];
  const [brand, product, offer] = [input.brand, input.product, input.offer].map((v) => (v === "" || v === null ? NaN : Number(v)));
  if (![brand, product, offer].every((n) => Number.isInteger(n) && n >= 0 && n <= 100)) errors.push("mixNotWhole");
  else if (brand + product + offer !== 100) errors.push("mixNotHundred");
  const lines =
    typeof input.actions === "string"
      ? input.actions
          .split(/\r?\n/)
          .map((line) => line.trim())
          .filter((line) => line !== "")
      : [];
  if (lines.length > MAX_ACTIONS) errors.push("tooManyActions");
  if (lines.some((line) => line.length > MAX_ACTION_LENGTH)) errors.push("actionTooLong");
  if (errors.length) return { ok: false, errors };
  return { ok: true, entry: { mix: { brand, product, offer }, actions: lines.length ? lines : null } };
}

/** The stored JSON (or null) as a complete playbook; anything unreadable falls back to the defaults. */
export function readPlaybook(stored: string | null): Playbook {
  if (!stored) return DEFAULT_PLAYBOOK;
  try {
    const parsed = JSON.parse(stored) as Partial<Record<LifecycleStage, PlaybookEntry>>;
    return Object.fromEntries(LIFECYCLE_STAGES.map((segment) => [segment, parsed[segment] ?? DEFAULT_PLAYBOOK[segment]])) as Playbook;
  } catch {
    return DEFAULT_PLAYBOOK;
  }
}
