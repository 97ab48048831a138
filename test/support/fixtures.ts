import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Config, EventConfig } from "../../shared/config/schema.ts";

/**
 * The project's copies of the shared fixtures (demo district, ethnic groups, sample petitions), so that a clean
 * clone tests without anything beside it.
 */
export function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(resolve(import.meta.dirname, "../fixtures", name), "utf8")) as T;
}

const DAY = 86_400_000;

export function isoInDays(days: number, hour = 8): string {
  const d = new Date(Date.now() + days * DAY);
  d.setUTCHours(hour - 7, 0, 0, 0);
  return d.toISOString().replace(".000Z", "+00:00");
}

/** An open event a month from now (tests never depend on the demo events' real dates). */
export function testEvent(overrides: Partial<EventConfig> & { id: string }): EventConfig {
  return {
    kind: "dialogue",
    title: "Đối thoại chính sách thử nghiệm",
    organizer: "hlhpn-thuong-lam",
    venue: "Hội trường UBND xã Thượng Lâm",
    area: "thuong-lam",
    startsAt: isoInDays(30, 8),
    endsAt: isoInDays(30, 11),
    capacity: 120,
    registrationClosesAt: isoInDays(27, 17),
    status: "open",
    ...overrides,
  };
}

/** The demo configuration with its events replaced by `events`. */
export function configWith(events: EventConfig[]): Config {
  const demo = fixture<Config>("lam-binh-demo.json");
  return { ...demo, events };
}

export const validRegistration = {
  fullName: "Ma Thị Hoa",
  phone: "0912 345 601",
  gender: "female",
  role: "Hội viên phụ nữ",
  commune: "thuong-lam",
  village: "Nà Tông",
  consent: true,
};
