import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LOG_DIR } from "../support/capture-logs.ts";

/**
 * Runs after every other test, with the personal-data scan: every line a function logged during the run names its
 * invocation as it would on AWS (the local runtime gives each invocation Lambda's context), and every metric line is
 * CloudWatch's embedded metric format with names and dimensions the code chose.
 */
type Line = Record<string, unknown>;

const files = existsSync(LOG_DIR) ? readdirSync(LOG_DIR).filter((f) => f.endsWith(".jsonl")) : [];
const lines: Line[] = files.flatMap((f) =>
  readFileSync(join(LOG_DIR, f), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Line),
);
const metricLines = lines.filter((l) => "_aws" in l);

/** Lines only a function writes, and whether it is an API function (with API Gateway's request id). */
const FROM_FUNCTIONS: Record<string, "http" | "background"> = {
  "registration created": "http",
  "petition submitted": "http",
  "petition transition": "http",
  "mail sent": "background",
  "deadline alarm sent": "background",
  "mail event": "background",
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("every line a function logged names its invocation", () => {
  const fromFunctions = lines.filter((l) => typeof l.message === "string" && l.message in FROM_FUNCTIONS);

  it("Lambda's request id, the function, the cold start; API Gateway's request id for an API function", () => {
    expect(fromFunctions.length).toBeGreaterThan(200);
    for (const line of fromFunctions) {
      const where = JSON.stringify(line).slice(0, 300);
      expect(line.requestId, where).toMatch(UUID);
      expect(line.functionName, where).toMatch(/^[a-z-]+$/);
      expect(typeof line.coldStart, where).toBe("boolean");
      if (FROM_FUNCTIONS[line.message as string] === "http") {
        expect(line.correlationId, where).toMatch(UUID);
        expect(line.correlationId, where).not.toBe(line.requestId);
      } else expect(line, where).not.toHaveProperty("correlationId");
    }
  });

  it("a function's first invocation in a process is its cold start, the later ones are warm", () => {
    const byFunction = new Map<string, Set<boolean>>();
    for (const line of fromFunctions) {
      const seen = byFunction.get(line.functionName as string) ?? new Set();
      seen.add(line.coldStart as boolean);
      byFunction.set(line.functionName as string, seen);
    }
    for (const fn of ["submit-petition", "create-registration", "notifier"]) {
      expect([...(byFunction.get(fn) ?? [])].sort(), fn).toEqual([false, true]);
    }
  });
});

describe("every metric line is EMF, with names and dimensions the code chose", () => {
  const METRICS = new Set([
    "Registrations",
    "Petitions",
    "Transitions",
    "MailsSent",
    "MailsFailed",
    "MailsBounced",
    "MailsComplained",
    "OverdueSteps",
    "RemindersSent",
    "Escalations",
    "UnhandledErrors",
  ]);
  const DIMENSIONS: Record<string, RegExp> = {
    stage: /^local$/,
    outcome: /^(seat|waitlist|extra)$/,
    action: /^[a-z_]+$/,
    type: /^(permanent|transient|undetermined)$/,
    route: /^\/[\w/{}+.-]*$/,
  };

  it("well-formed: namespace, dimensions present as text, metrics as numbers, units", () => {
    expect(metricLines.length).toBeGreaterThan(100);
    for (const line of metricLines) {
      const where = JSON.stringify(line).slice(0, 300);
      const aws = line._aws as {
        Timestamp: number;
        CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[];
      };
      expect(Number.isInteger(aws.Timestamp), where).toBe(true);
      for (const directive of aws.CloudWatchMetrics) {
        expect(directive.Namespace, where).toBe("TiengNoi");
        expect(directive.Dimensions[0], where).toEqual(["stage"]);
        for (const key of directive.Dimensions.flat())
          expect(line[key], `${key} in ${where}`).toMatch(DIMENSIONS[key] as RegExp);
        for (const metric of directive.Metrics) {
          expect(METRICS.has(metric.Name), where).toBe(true);
          expect(metric.Unit, where).toBe("Count");
          expect(line[metric.Name], where).toBeGreaterThan(0);
        }
      }
      expect(line.requestId, where).toMatch(UUID);
    }
  });

  it("counted what the run did", () => {
    const counted = new Set(metricLines.flatMap((l) => Object.keys(l).filter((k) => METRICS.has(k))));
    for (const name of ["Registrations", "Petitions", "MailsSent"]) expect(counted, name).toContain(name);
  });
});
