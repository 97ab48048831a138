import { loadConfig } from "../config/store.ts";
import type { FieldError } from "../platform/errors.ts";
import type { Values } from "../platform/forms.ts";
import type { SafeHtml } from "../platform/html.ts";
import { type ApiResult, htmlPage, type Req } from "../platform/http.ts";
import { filterSchema, organiserLog, type RosterFilter } from "./bulk.ts";
import { countsPage, doorPage, pageTitle, rosterPage, type View, walkInPage } from "./organiser-pages.ts";
import type { Organiser } from "./organisers.ts";
import { attendanceCounts, eventRegistrations } from "./roster.ts";

/** Which of the organiser's pages a request asks for (`?view=`); the door by default. */
export function viewOf(req: Req): View {
  const view = req.query.view;
  return view === "roster" || view === "counts" || view === "walk-in" ? view : "door";
}

export interface ViewState {
  status?: number;
  notice?: SafeHtml;
  /** A form to show again, with its messages. */
  values?: Values;
  errors?: FieldError[];
  filter?: RosterFilter;
}

/** Render one of the organiser's pages from the stored registrations (always read fresh: the door changes them). */
export async function organiserView(
  req: Req,
  organiser: Organiser,
  view: View,
  state: ViewState = {},
): Promise<ApiResult> {
  const { lang } = req;
  const { config, helpers } = await loadConfig();
  const render = (body: SafeHtml) =>
    htmlPage(state.status ?? 200, lang, `${pageTitle(view, lang)} · ${organiser.event.title}`, body);
  if (view === "walk-in") {
    return render(walkInPage({ organiser, config, helpers, lang, values: state.values, errors: state.errors }));
  }
  const eventId = organiser.event.id;
  const registrations = await eventRegistrations(eventId);
  if (view === "counts") return render(countsPage(organiser, attendanceCounts(registrations, helpers), lang));
  if (view === "door") {
    const { total } = attendanceCounts(registrations, helpers);
    const q = typeof req.query.q === "string" ? req.query.q.slice(0, 100) : undefined;
    return render(doorPage({ organiser, helpers, lang, registrations, total, q, notice: state.notice }));
  }
  const parsed = filterSchema.safeParse(req.query);
  const filter = state.filter ?? (parsed.success ? parsed.data : {});
  const page = Number.parseInt(req.query.page ?? "1", 10) || 1;
  const log = await organiserLog(eventId);
  return render(
    rosterPage({
      organiser,
      lang,
      registrations,
      filter,
      page,
      log,
      notice: state.notice,
      errors: state.errors,
    }),
  );
}
