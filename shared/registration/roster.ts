import type { ConfigHelpers } from "../config/config.ts";
import { keys } from "../keys.ts";
import { queryAll } from "../platform/dynamo.ts";
import { formatVietnamMobile } from "../platform/phone.ts";
import type { Registration } from "./registration.ts";

/**
 * The organizer's roster: a CSV that opens correctly in Excel (UTF-8 with a byte-order mark) and cannot
 * carry a formula (a cell starting with = + - @ is prefixed with '), and the disaggregated counts that
 * Project 8 reports (by role, commune, gender and ethnic group).
 */

export async function eventRegistrations(eventId: string): Promise<Registration[]> {
  const items = await queryAll<Registration>({
    KeyConditionExpression: "pk = :pk AND begins_with(sk, :reg)",
    ExpressionAttributeValues: { ":pk": keys.event(eventId).pk, ":reg": keys.registrationPrefix },
  });
  return items.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** One CSV cell: quoted when needed, and defused when a spreadsheet would read it as a formula. */
export function csvCell(value: unknown): string {
  let text = value === undefined || value === null ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const COLUMNS = [
  ["code", "Mã đăng ký"],
  ["status", "Trạng thái"],
  ["fullName", "Họ và tên"],
  ["phone", "Điện thoại"],
  ["email", "E-mail"],
  ["gender", "Giới tính"],
  ["birthYear", "Năm sinh"],
  ["ethnicity", "Dân tộc"],
  ["role", "Vai trò"],
  ["commune", "Xã"],
  ["village", "Thôn, bản"],
  ["needsInterpreter", "Cần phiên dịch"],
  ["createdAt", "Thời điểm đăng ký"],
] as const;

const GENDER_VI: Record<string, string> = { female: "Nữ", male: "Nam", other: "Khác" };
const STATUS_VI: Record<string, string> = { confirmed: "Đã có chỗ", waitlisted: "Danh sách chờ", cancelled: "Đã hủy" };

export function rosterCsv(registrations: Registration[], helpers: ConfigHelpers): string {
  const rows = registrations.map((r) => {
    const cells: Record<(typeof COLUMNS)[number][0], unknown> = {
      code: r.code,
      status: STATUS_VI[r.status] ?? r.status,
      fullName: r.fullName,
      phone: formatVietnamMobile(r.phone),
      email: r.email,
      gender: GENDER_VI[r.gender] ?? r.gender,
      birthYear: r.birthYear,
      ethnicity: r.ethnicity?.name,
      role: r.role,
      commune: helpers.area(r.commune)?.name ?? r.commune,
      village: r.village,
      needsInterpreter: r.needsInterpreter,
      createdAt: r.createdAt,
    };
    return COLUMNS.map(([key]) => csvCell(cells[key])).join(",");
  });
  return `\uFEFF${[COLUMNS.map(([, title]) => csvCell(title)).join(","), ...rows].join("\r\n")}\r\n`;
}

export type Counts = Record<string, number>;

export interface RosterCounts {
  total: number;
  byStatus: Counts;
  /** Among people holding a seat or waiting (cancelled registrations are not counted below). */
  byRole: Counts;
  byCommune: Counts;
  byGender: Counts;
  byEthnicity: Counts;
}

const NOT_GIVEN = "(không khai báo)";

function tally(values: string[]): Counts {
  const out: Counts = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return Object.fromEntries(Object.entries(out).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], "vi")));
}

export function rosterCounts(registrations: Registration[], helpers: ConfigHelpers): RosterCounts {
  const active = registrations.filter((r) => r.status !== "cancelled");
  return {
    total: registrations.length,
    byStatus: tally(registrations.map((r) => STATUS_VI[r.status] ?? r.status)),
    byRole: tally(active.map((r) => r.role)),
    byCommune: tally(active.map((r) => helpers.area(r.commune)?.name ?? r.commune)),
    byGender: tally(active.map((r) => GENDER_VI[r.gender] ?? r.gender)),
    byEthnicity: tally(active.map((r) => r.ethnicity?.name ?? NOT_GIVEN)),
  };
}

export function formatCounts(counts: RosterCounts): string {
  const section = (title: string, c: Counts) =>
    [`${title}:`, ...Object.entries(c).map(([k, n]) => `  ${String(n).padStart(4)}  ${k}`)].join("\n");
  return [
    `Tổng số đăng ký: ${counts.total}`,
    section("Theo trạng thái", counts.byStatus),
    section("Theo vai trò (không tính đã hủy)", counts.byRole),
    section("Theo xã", counts.byCommune),
    section("Theo giới tính", counts.byGender),
    section("Theo dân tộc", counts.byEthnicity),
  ].join("\n\n");
}
