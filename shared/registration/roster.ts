import type { ConfigHelpers } from "../config/config.ts";
import { queries } from "../keys.ts";
import { personText } from "../messages/common.ts";
import { countGroupText, organiserText, rosterText } from "../messages/organiser.ts";
import { queryAll } from "../platform/dynamo.ts";
import { displaySpokenCode } from "../platform/ids.ts";
import { formatVietnamMobile } from "../platform/phone.ts";
import type { Registration } from "./model.ts";

/**
 * The organizer's roster: a CSV that opens correctly in Excel (UTF-8 with a byte-order mark) and cannot
 * carry a formula (a cell starting with = + - @ is prefixed with '), and the attendance counts that Project 8
 * reports — registered, checked in, walk-ins, no-shows — by role, commune, gender and ethnic group (ethnic group
 * only where she consented to give it; otherwise "not given").
 */

/** Every registration of the event, in order of arrival. */
export async function eventRegistrations(eventId: string): Promise<Registration[]> {
  const items = await queryAll<Registration>({
    ...queries.registrationsOf(eventId),
    ConsistentRead: true,
  });
  return items.sort(
    (a, b) => a.createdAt.localeCompare(b.createdAt) || a.registrationId.localeCompare(b.registrationId),
  );
}

/** One CSV cell: quoted when needed, and defused when a spreadsheet would read it as a formula. */
export function csvCell(value: unknown): string {
  let text = value === undefined || value === null ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csv(header: string[], rows: unknown[][]): string {
  return `\uFEFF${[header, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n")}\r\n`;
}

const COLUMNS = [
  "code",
  "status",
  "fullName",
  "phone",
  "email",
  "gender",
  "birthYear",
  "ethnicity",
  "role",
  "commune",
  "village",
  "needsInterpreter",
  "createdAt",
  "checkedInAt",
  "walkIn",
  "overCapacity",
] as const;

/** Genders as the roster, the counts and their files name them: in Vietnamese. */
const genderName = (gender: string) => (personText.vi.genders as Record<string, string>)[gender] ?? gender;

export function rosterCsv(registrations: Registration[], helpers: ConfigHelpers): string {
  const rows = registrations.map((r) => {
    const cells: Record<(typeof COLUMNS)[number], unknown> = {
      code: displaySpokenCode(r.code),
      status: rosterText.statuses[r.status] ?? r.status,
      fullName: r.fullName,
      phone: formatVietnamMobile(r.phone),
      email: r.email,
      gender: genderName(r.gender),
      birthYear: r.birthYear,
      ethnicity: r.ethnicity?.name,
      role: r.role,
      commune: helpers.area(r.commune)?.name ?? r.commune,
      village: r.village,
      needsInterpreter: r.needsInterpreter,
      createdAt: r.createdAt,
      checkedInAt: r.checkedInAt,
      walkIn: r.walkIn ? rosterText.yes : "",
      overCapacity: r.overCapacity ? rosterText.yes : "",
    };
    return COLUMNS.map((key) => cells[key]);
  });
  return csv(
    COLUMNS.map((key) => rosterText.columns[key]),
    rows,
  );
}

/** Attendance of one group of people. */
export interface Attendance {
  /** Registered beforehand and not waiting: holding a seat, or let in beyond capacity at the door. */
  registered: number;
  /** Of those, checked in at the door. */
  checkedIn: number;
  /** Registered at the door by an organiser. */
  walkIns: number;
  /** Registered beforehand with a seat, not (yet) checked in. */
  noShows: number;
  /** Still on the waitlist. */
  waitlisted: number;
}

/** What the counts are given by (their titles: the counts page's, `organiser.dimensions`). */
export const DIMENSIONS = ["role", "commune", "gender", "ethnicity"] as const;

export type Dimension = (typeof DIMENSIONS)[number];

export interface AttendanceCounts {
  total: Attendance;
  cancelled: number;
  by: Record<Dimension, [string, Attendance][]>;
}

const empty = (): Attendance => ({ registered: 0, checkedIn: 0, walkIns: 0, noShows: 0, waitlisted: 0 });

function add(a: Attendance, r: Registration): void {
  if (r.status === "waitlisted") a.waitlisted++;
  else if (r.walkIn) a.walkIns++;
  else if (r.checkedInAt) {
    a.registered++;
    a.checkedIn++;
  } else {
    a.registered++;
    a.noShows++;
  }
}

export function attendanceCounts(registrations: Registration[], helpers: ConfigHelpers): AttendanceCounts {
  const active = registrations.filter((r) => r.status !== "cancelled");
  const keyOf: Record<Dimension, (r: Registration) => string> = {
    role: (r) => r.role,
    commune: (r) => helpers.area(r.commune)?.name ?? r.commune,
    gender: (r) => genderName(r.gender),
    ethnicity: (r) => r.ethnicity?.name ?? countGroupText.notGiven,
  };
  const total = empty();
  const by = {} as AttendanceCounts["by"];
  for (const dimension of DIMENSIONS) {
    const groups = new Map<string, Attendance>();
    for (const r of active) {
      const key = keyOf[dimension](r);
      const group = groups.get(key) ?? empty();
      add(group, r);
      groups.set(key, group);
    }
    const size = (a: Attendance) => a.registered + a.walkIns + a.waitlisted;
    by[dimension] = [...groups.entries()].sort((x, y) => size(y[1]) - size(x[1]) || x[0].localeCompare(y[0], "vi"));
  }
  for (const r of active) add(total, r);
  return { total, cancelled: registrations.length - active.length, by };
}

const FIELDS: readonly (keyof Attendance)[] = ["registered", "checkedIn", "walkIns", "noShows", "waitlisted"];

/** The counts as a table for the terminal. */
export function formatCounts(counts: AttendanceCounts): string {
  const t = rosterText;
  const titles = organiserText.vi.dimensions;
  const header = FIELDS.map((f) => t.attendance[f]);
  const line = (name: string, a: Attendance) =>
    `  ${FIELDS.map((f, i) => String(a[f]).padStart((header[i] as string).length)).join("  ")}  ${name}`;
  const section = (title: string, rows: [string, Attendance][]) =>
    [`${title}:`, `  ${header.join("  ")}`, ...rows.map(([name, a]) => line(name, a))].join("\n");
  const all = counts.total.registered + counts.total.walkIns + counts.total.waitlisted;
  return [
    t.summary({ all, cancelled: counts.cancelled }),
    section(t.total, [["", counts.total]]),
    ...DIMENSIONS.map((d) => section(titles[d], counts.by[d])),
  ].join("\n\n");
}

/** The counts as a CSV for the report: one row per group. */
export function countsCsv(counts: AttendanceCounts): string {
  const t = rosterText;
  const titles = organiserText.vi.dimensions;
  const rows: unknown[][] = [[t.total, "", ...FIELDS.map((f) => counts.total[f])]];
  for (const d of DIMENSIONS) {
    for (const [name, a] of counts.by[d]) rows.push([titles[d], name, ...FIELDS.map((f) => a[f])]);
  }
  return csv([t.group, t.value, ...FIELDS.map((f) => t.attendance[f])], rows);
}
