import type { ByLang } from "./catalogue.ts";
import * as en from "./en/staff-links.ts";
import * as vi from "./vi/staff-links.ts";

export const roleGoneText: ByLang<typeof vi.roleGone> = { vi: vi.roleGone, en: en.roleGone };
export const intakeLimitsText: ByLang<typeof vi.intakeLimits> = { vi: vi.intakeLimits, en: en.intakeLimits };
