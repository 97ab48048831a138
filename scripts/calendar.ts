import { parseArgs } from "node:util";
import { proposeYear } from "./calendar-proposal.ts";
import { fail } from "./target.ts";

/**
 * `npm run calendar -- --year 2028`: print the proposed working-day calendar of a year, as the JSON that goes under
 * `calendar.years` in the configuration. Ops check it against that year's government notices, paste it, and run
 * `npm run seed`.
 */
const { values } = parseArgs({ options: { year: { type: "string" } } });
const year = Number(values.year);
if (!Number.isInteger(year) || year < 2000 || year > 2199) fail("Usage: npm run calendar -- --year 2028");
process.stdout.write(`${JSON.stringify({ [String(year)]: proposeYear(year) }, null, 2)}\n`);
