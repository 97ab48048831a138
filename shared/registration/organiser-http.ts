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
  return view === "roster" || view === "counts" || view === "walk-in" || view === "record" ? view : "door";
}

export interface ViewState {
  status?: number;
  notice?: SafeHtml;
  /** A form to show again, with its messages. */
  values?: Values;
  errors?: FieldError[];
  filter?: RosterFilter;
}

const render = (req: Req, organiser: Organiser, view: View, status: number | undefined, body: SafeHtml) =>
  htmlPage(status ?? 200, req.lang, `${pageTitle(view, req.lang)} · ${organiser.event.title}`, body);

/**
 * Each of the organiser's pages, from the stored registrations (always read fresh: the door changes them). One
 * function per page, so a function that answers only at the door bundles only the door's pages.
 */
export async function doorView(req: Req, organiser: Organiser, state: ViewState = {}): Promise<ApiResult> {
  const { helpers } = await loadConfig();
  const registrations = await eventRegistrations(organiser.event.id);
  const { total } = attendanceCounts(registrations, helpers);
  const q = typeof req.query.q === "string" ? req.query.q.slice(0, 100) : undefined;
  const { lang } = req;
  const body = doorPage({ organiser, helpers, lang, registrations, total, q, notice: state.notice });
  return render(req, organiser, "door", state.status, body);
}

export async function walkInView(req: Req, organiser: Organiser, state: ViewState = {}): Promise<ApiResult> {
  const { config, helpers } = await loadConfig();
  const { lang } = req;
  const body = walkInPage({ organiser, config, helpers, lang, values: state.values, errors: state.errors });
  return render(req, organiser, "walk-in", state.status, body);
}

export async function countsView(req: Req, organiser: Organiser): Promise<ApiResult> {
  const { helpers } = await loadConfig();
  const counts = attendanceCounts(await eventRegistrations(organiser.event.id), helpers);
  return render(req, organiser, "counts", undefined, countsPage(organiser, counts, req.lang));
}

export async function rosterView(req: Req, organiser: Organiser, state: ViewState = {}): Promise<ApiResult> {
  const eventId = organiser.event.id;
  const [registrations, log] = await Promise.all([eventRegistrations(eventId), organiserLog(eventId)]);
  const parsed = filterSchema.safeParse(req.query);
  const filter = state.filter ?? (parsed.success ? parsed.data : {});
  const page = Number.parseInt(req.query.page ?? "1", 10) || 1;
  const { lang } = req;
  const body = rosterPage({
    organiser,
    lang,
    registrations,
    filter,
    page,
    log,
    notice: state.notice,
    errors: state.errors,
  });
  return render(req, organiser, "roster", state.status, body);
}

/** GET /g/{token}?view=…: the page asked for. */
export function organiserView(req: Req, organiser: Organiser): Promise<ApiResult> {
  const view = viewOf(req);
  if (view === "walk-in") return walkInView(req, organiser);
  if (view === "counts") return countsView(req, organiser);
  if (view === "roster") return rosterView(req, organiser);
  return doorView(req, organiser);
}
