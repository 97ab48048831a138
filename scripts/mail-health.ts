import { listMailHealth } from "#shared/petitions/mail-events.ts";
import { commandArgs, fail } from "./target.ts";

/**
 * `npm run mail-health [-- --json] [--table <name>]`: every address SES reported bounced or complained, the latest
 * first — the address (a petitioner's masked), how many of each report, and the last one. A configured address
 * with a permanent bounce is one ops should correct in the configuration (then `npm run seed`).
 */
const { values, where } = commandArgs({ json: { type: "boolean" } });
try {
  const list = await listMailHealth();
  if (values.json) {
    process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
  } else if (list.length === 0) {
    process.stdout.write(`No bounce or complaint recorded in ${where}.\n`);
  } else {
    const header = ["address", "permanent", "transient", "undetermined", "complaints", "last event", "mail", "at"];
    const rows = list.map((h) => [
      h.address,
      String(h.permanent),
      String(h.transient),
      String(h.undetermined),
      String(h.complaint),
      h.lastSubType ? `${h.lastType} (${h.lastSubType})` : h.lastType,
      h.lastKind ?? "",
      h.lastAt,
    ]);
    const widths = header.map((title, i) => Math.max(title.length, ...rows.map((r) => (r[i] as string).length)));
    const line = (cells: string[]) =>
      cells
        .map((c, i) => (i >= 1 && i <= 4 ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number)))
        .join("  ")
        .trimEnd();
    process.stdout.write(`${[line(header), ...rows.map(line)].join("\n")}\n`);
    process.stdout.write(`${list.length} address(es) in ${where}.\n`);
  }
} catch (error) {
  fail((error as Error).message);
}
