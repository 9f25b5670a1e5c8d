// Which measure the journey's first two stages use (docs/touchpoints.md §7). Where the shop grants ShopifyQL
// (read_reports and Level 2 protected customer data) and its sessions cover the period, awareness is the
// online store's sessions and consideration its sessions that reached checkout; otherwise both keep the
// customer measures of definitions.ts (accounts created, first checkouts started).
//
// A session count is a volume, not a cohort: the step conversions stay the customers' cohort ratios
// (definitions.ts, docs/decisions/037) and are never divided by sessions; the merchant's volume targets are
// in customers, so they are not shown beside sessions. The customer KPIs stay listed under the stage.
import type { EpochDay } from "../calendar";
import type { Channel } from "../touchpoints/channels";
import type { JourneySummary, KpiValue, StageSummary } from "./funnel";

export interface SessionCounts {
  sessions: number;
  /** sessions with cart additions */
  cartSessions: number;
  /** sessions that reached checkout */
  checkoutSessions: number;
}

/** What the app knows of the shop's sessions for a period (models/traffic.server.ts). */
export type TrafficStatus =
  | { status: "not-read" }
  | { status: "denied"; checkedAt: string }
  | {
      status: "available";
      checkedAt: string;
      /** first and last shop-local day read */
      firstDay: EpochDay;
      lastDay: EpochDay;
      current: SessionCounts;
      previous: SessionCounts;
      byChannel: (SessionCounts & { channel: Channel })[];
    };

/** Why the customer measures are used: sessions never read yet, denied by Shopify, or not covering the period. */
export type CustomersReason = "not-read" | "denied" | "not-covered";

export type StageMeasureChoice =
  | { measure: "sessions"; previousCovered: boolean; byChannel: (SessionCounts & { channel: Channel })[] }
  | { measure: "customers"; reason: CustomersReason };

/**
 * Sessions when they are available and cover the period's days up to the last complete day
 * (`lastCompleteDay`, yesterday in the shop's zone); the previous period counts only when covered too.
 */
export function chooseStageMeasure(
  traffic: TrafficStatus,
  period: { previousFrom: EpochDay; from: EpochDay; to: EpochDay },
  lastCompleteDay: EpochDay,
): StageMeasureChoice {
  if (traffic.status !== "available") return { measure: "customers", reason: traffic.status };
  const periodLastDay = Math.min(period.to - 1, lastCompleteDay);
  if (traffic.firstDay > period.from || traffic.lastDay < periodLastDay) return { measure: "customers", reason: "not-covered" };
  return { measure: "sessions", previousCovered: traffic.firstDay <= period.previousFrom, byChannel: traffic.byChannel };
}

const change = (current: number, previous: number): number | null => (previous === 0 ? null : (current - previous) / previous);

function sessionsStage(
  stage: StageSummary,
  volumeKpi: keyof SessionCounts,
  extraKpis: (keyof SessionCounts)[],
  traffic: Extract<TrafficStatus, { status: "available" }>,
  comparable: boolean,
): StageSummary {
  const kpi = (id: keyof SessionCounts): KpiValue => ({
    id,
    format: "count",
    value: traffic.current[id],
    previous: comparable ? traffic.previous[id] : null,
  });
  return {
    ...stage,
    volumeKpi,
    volume: traffic.current[volumeKpi],
    previousVolume: traffic.previous[volumeKpi],
    volumeChange: comparable ? change(traffic.current[volumeKpi], traffic.previous[volumeKpi]) : null,
    targetVolume: null,
    kpis: [kpi(volumeKpi), ...extraKpis.map(kpi), ...stage.kpis],
  };
}

/** The summary with awareness and consideration measured in sessions when `choice` says so; steps untouched. */
export function applyStageMeasure(summary: JourneySummary, choice: StageMeasureChoice, traffic: TrafficStatus): JourneySummary {
  if (choice.measure !== "sessions" || traffic.status !== "available") return summary;
  const comparable = summary.previousHasData && choice.previousCovered;
  return {
    ...summary,
    stages: summary.stages.map((stage) =>
      stage.stage === "awareness"
        ? sessionsStage(stage, "sessions", [], traffic, comparable)
        : stage.stage === "consideration"
          ? sessionsStage(stage, "checkoutSessions", ["cartSessions"], traffic, comparable)
          : stage,
    ),
  };
}
