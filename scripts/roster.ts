import { writeFileSync } from "node:fs";
import { loadConfig } from "#shared/config/store.ts";
import { getEvent } from "#shared/events/model.ts";
import {
  attendanceCounts,
  countsCsv,
  eventRegistrations,
  formatCounts,
  rosterCsv,
} from "#shared/registration/roster.ts";
import { commandArgs, fail } from "./target.ts";

/**
 * `npm run roster -- --event <id> [--out file.csv]`: the roster as CSV, the attendance counts as a second CSV
 * beside it (`…-counts.csv`), and the counts printed for the report.
 */
const { values, where } = commandArgs({ event: { type: "string" }, out: { type: "string" } });
const eventId = values.event as string | undefined;
if (!eventId) fail("Usage: npm run roster -- --event <eventId> [--out roster.csv] [--table name]");

const event = await getEvent(eventId).catch((e: Error) => fail(`Could not read ${where}: ${e.message}`));
if (!event) fail(`There is no event ${eventId} in ${where}.`);
const { helpers } = await loadConfig();
const registrations = await eventRegistrations(eventId);
const out = (values.out as string | undefined) ?? `roster-${eventId}.csv`;
const countsOut = out.replace(/(\.csv)?$/i, "-counts.csv");
const counts = attendanceCounts(registrations, helpers);
writeFileSync(out, rosterCsv(registrations, helpers), "utf8");
writeFileSync(countsOut, countsCsv(counts), "utf8");
process.stdout.write(`${event.title}\nRoster written to ${out}, counts to ${countsOut}\n\n${formatCounts(counts)}\n`);
