import type { ByLang } from "./catalogue.ts";
import * as en from "./en/events.ts";
import * as vi from "./vi/events.ts";

export const eventSummaryText: ByLang<typeof vi.eventSummary> = { vi: vi.eventSummary, en: en.eventSummary };
export const seatsText: ByLang<typeof vi.seats> = { vi: vi.seats, en: en.seats };
export const eventListText: ByLang<typeof vi.eventList> = { vi: vi.eventList, en: en.eventList };
export const eventPageText: ByLang<typeof vi.eventPage> = { vi: vi.eventPage, en: en.eventPage };
export const closedReasonText: ByLang<typeof vi.closedReasons> = { vi: vi.closedReasons, en: en.closedReasons };
export const eventProblemText: ByLang<typeof vi.eventProblems> = { vi: vi.eventProblems, en: en.eventProblems };
