import { percentile } from "./coldstart.ts";
import type { Call } from "./dynamo.ts";

/**
 * A crowd registering at once: N simultaneous registrations for one event through the local API, each answer
 * matched to the DynamoDB requests made for it (by API Gateway's request id), split by what the person got.
 */
export interface CrowdClass {
  registrations: number;
  /** DynamoDB requests per registration: mean and worst. */
  requestsMean: number;
  requestsMax: number;
  /** What the design needs when nobody else is registering. */
  minimum: number;
  minimumWhy: string;
  /** Requests beyond the minimum, per registration: seat claims that found the event full, conflicts retried. */
  retriesMean: number;
  wcuMean: number;
  /** Write units of the same registration made alone (the operations table's row). */
  wcuAlone: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

export interface CrowdRow {
  name: string;
  people: number;
  capacity: number;
  seconds: number;
  /** Answers by HTTP status. */
  statuses: Record<string, number>;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  seat: CrowdClass;
  waitlist: CrowdClass;
  /** Refusals AWS would make that the emulation made (when emulated). */
  emulatedConflicts?: { cancelledTransactions: number; refusedWrites: number };
}

export interface CrowdAnswer {
  ms: number;
  status: number;
  kind?: string;
  requestId?: string;
}

export const SEAT = {
  minimum: 4,
  why: "read the event; lock the phone; claim a seat (one conditional write); one transaction",
};
export const WAIT = {
  minimum: 5,
  why: "read the event; lock the phone; take a ticket (one write); one transaction; look for a freed seat",
};

export function crowdRow(
  name: string,
  capacity: number,
  seconds: number,
  answers: CrowdAnswer[],
  calls: Call[],
  alone: { seatWcu: number; waitWcu: number },
): CrowdRow {
  const byRequest = new Map<string, Call[]>();
  for (const c of calls) if (c.requestId) byRequest.set(c.requestId, [...(byRequest.get(c.requestId) ?? []), c]);
  const statuses: Record<string, number> = {};
  for (const a of answers) statuses[a.status] = (statuses[a.status] ?? 0) + 1;
  const ms = answers.map((a) => a.ms);
  const klass = (kind: string, design: { minimum: number; why: string }, wcuAlone: number): CrowdClass => {
    const mine = answers.filter((a) => a.kind === kind);
    const requests = mine.map((a) => byRequest.get(a.requestId ?? "")?.length ?? 0);
    const wcu = mine.map((a) => (byRequest.get(a.requestId ?? "") ?? []).reduce((s, c) => s + c.wcu, 0));
    const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : 0);
    return {
      registrations: mine.length,
      requestsMean: mean(requests),
      requestsMax: Math.max(0, ...requests),
      minimum: design.minimum,
      minimumWhy: design.why,
      retriesMean: mean(requests.map((r) => Math.max(0, r - design.minimum))),
      wcuMean: mean(wcu),
      wcuAlone,
      p50Ms: percentile(
        mine.map((a) => a.ms),
        50,
      ),
      p95Ms: percentile(
        mine.map((a) => a.ms),
        95,
      ),
      p99Ms: percentile(
        mine.map((a) => a.ms),
        99,
      ),
    };
  };
  return {
    name,
    people: answers.length,
    capacity,
    seconds,
    statuses,
    p50Ms: percentile(ms, 50),
    p95Ms: percentile(ms, 95),
    p99Ms: percentile(ms, 99),
    maxMs: Math.max(...ms),
    seat: klass("confirmed", SEAT, alone.seatWcu),
    waitlist: klass("waitlisted", WAIT, alone.waitWcu),
  };
}
