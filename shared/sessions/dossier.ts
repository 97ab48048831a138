import type { Config } from "../config/schema.ts";
import { type Loaded, loadConfig } from "../config/store.ts";
import type { EventRecord } from "../events/model.ts";
import { getEvent } from "../events/model.ts";
import { keys, queries } from "../keys.ts";
import { dossierText } from "../messages/sessions.ts";
import { type PetitionView, petitionFor } from "../petitions/audience.ts";
import { isSensitive, type Petition } from "../petitions/petition.ts";
import { nowIso } from "../platform/clock.ts";
import { formatSpan } from "../platform/dates.ts";
import { getAll, queryAll, type TransactItem, tableName } from "../platform/dynamo.ts";
import { html } from "../platform/html.ts";
import { link } from "../platform/links.ts";
import { log } from "../platform/log.ts";
import { mailButton, mailHtml, mailText } from "../platform/mail-layout.ts";
import { mailItem } from "../platform/outbox.ts";
import { addressHash, secretReady } from "../platform/secret.ts";
import { holderGone, issueToken, requireToken, unknownLink } from "../platform/tokens.ts";
import { write } from "../platform/write.ts";
import { participantLinkExpiry } from "../registration/model.ts";
import { sessionIssues } from "./issues.ts";

/**
 * Before a dialogue session: the Women's Union collects the women's issues and sends them to the commune's leaders so
 * that they come prepared. The issues sent beforehand naming the session are compiled, `sessions.dossierWorkingDaysBefore`
 * working days before it (the deadline sweeper, through the session record's first alarm: shared/sessions/record.ts),
 * for the session's invited leaders (`leaders` of the event in the configuration): grouped by category, counted by
 * commune and village, each shown as an agency is shown a petition (shared/petitions/audience.ts: who she is stays
 * hidden unless she agreed). Each leader marks the issues she will answer in the hall; the organiser sees the marks on
 * her record page.
 */

export const DOSSIER_TOKEN = "dossier";

const ENDED: ReadonlySet<Petition["status"]> = new Set(["rejected", "withdrawn", "duplicate"]);

/** A leader's marks: the issues she will answer at the session. */
export interface DossierReply {
  eventId: string;
  name: string;
  title?: string;
  /** Tracking codes. */
  willAnswer: string[];
  at: string;
}

/** The session's dossier: the issues sent beforehand as a leader may read them, grouped and counted. */
export interface Dossier {
  /** A protected issue (`isSensitive`) carries no view: the leaders learn only that there is one, and its category. */
  issues: { code: string; view?: PetitionView; category: string }[];
  byCategory: { category: string; codes: string[] }[];
  byPlace: { place: string; n: number }[];
}

export function compileDossier(petitions: readonly Petition[], config: Config): Dossier {
  // Withdrawn, refused or a duplicate: nothing for the leaders to answer.
  const before = petitions.filter((p) => p.raisedAt === "before" && !ENDED.has(p.status));
  // A protected one (violence, or she hid who she is) is not the agency's to read before the Union sends it on: the
  // leaders learn that there is one, and of what kind.
  const issues = before.map((p) =>
    isSensitive(p, config)
      ? { code: p.trackingCode, category: p.category }
      : { code: p.trackingCode, category: p.category, view: petitionFor("agency", p, [], config) },
  );
  const byCategory = new Map<string, string[]>();
  const byPlace = new Map<string, number>();
  for (const { code, view, category } of issues) {
    byCategory.set(category, [...(byCategory.get(category) ?? []), code]);
    if (!view) continue;
    // The village only where the reader may know it (as the agency): else the commune alone.
    const place = view.village ? `${view.village}, ${view.commune.name}` : view.commune.name;
    byPlace.set(place, (byPlace.get(place) ?? 0) + 1);
  }
  return {
    issues,
    byCategory: [...byCategory.entries()].map(([category, codes]) => ({ category, codes })),
    byPlace: [...byPlace.entries()].map(([place, n]) => ({ place, n })).sort((a, b) => b.n - a.n),
  };
}

/** The dossier's mails: one to each invited leader, with her own link (the session's record writes them). */
export async function dossierItems(event: EventRecord, loaded: Loaded, baseUrl: string): Promise<TransactItem[]> {
  // The leaders as the configuration names them now (the event's item holds its counters, not its guests).
  const leaders = loaded.config.events.find((e) => e.id === event.id)?.leaders ?? [];
  if (leaders.length === 0) return [];
  const petitions = await sessionIssues(event.id);
  const n = compileDossier(petitions, loaded.config).issues.length;
  const t = dossierText.vi;
  const when = formatSpan(event.startsAt, event.endsAt, "vi");
  return leaders.flatMap((leader) => {
    const token = issueToken(DOSSIER_TOKEN, { eventId: event.id, email: leader.email }, participantLinkExpiry(event));
    const url = link("dossier", { token: token.ref }, { base: baseUrl });
    const subject = t.subject({ title: event.title });
    const lead = t.lead({ n, when });
    const mail = {
      to: leader.email,
      kind: "session-dossier",
      subject,
      html: mailHtml("vi", subject, html`<p>${lead}</p>${mailButton(url, t.button)}`),
      text: mailText([lead, "", `${t.button}: ${url}`]),
    };
    return [token.item, mailItem(mail, [token])];
  });
}

/** A leader's link: the event, and she is still one of its invited leaders in the configuration. */
export async function dossierByToken(token: string) {
  const [record, loaded] = await Promise.all([requireToken(token, DOSSIER_TOKEN), loadConfig()]);
  const { eventId, email } = record.subject as { eventId: string; email: string };
  const event = await getEvent(eventId);
  if (!event) throw unknownLink();
  const configured = loaded.config.events.find((e) => e.id === eventId);
  const leader = configured?.leaders?.find((l) => l.email === email);
  if (!leader) throw holderGone(event.title);
  const petitions = await sessionIssues(eventId);
  return { event, leader, loaded, dossier: compileDossier(petitions, loaded.config) };
}

/** Her marks, replacing her earlier ones: only codes of this dossier's issues are kept. */
export async function saveDossierReply(
  found: Awaited<ReturnType<typeof dossierByToken>>,
  body: unknown,
): Promise<DossierReply> {
  await secretReady();
  const marked = Object.entries((body as { answer?: Record<string, unknown> } | undefined)?.answer ?? {})
    .filter(([, v]) => v === "on" || v === "true")
    .map(([code]) => code);
  const known = new Set(found.dossier.issues.filter((i) => i.view).map((i) => i.code));
  const reply: DossierReply = {
    eventId: found.event.id,
    name: found.leader.name,
    ...(found.leader.title ? { title: found.leader.title } : {}),
    willAnswer: marked.filter((c) => known.has(c)),
    at: nowIso(),
  };
  const key = replyKey(found);
  await write({
    build: () => ({
      items: { reply: { Put: { TableName: tableName(), Item: { ...key, ...reply } } } },
      answer: undefined,
    }),
  });
  log.info("dossier reply saved", { eventId: found.event.id, marked: reply.willAnswer.length });
  return reply;
}

/** A leader's reply is keyed by a keyed hash of her address, as every address is. */
const replyKey = (found: Awaited<ReturnType<typeof dossierByToken>>) =>
  keys.dossierReply(found.event.id, addressHash(found.leader.email));

/** Her own marks, if she sent any. */
export async function dossierReplyOf(
  found: Awaited<ReturnType<typeof dossierByToken>>,
): Promise<DossierReply | undefined> {
  const [reply] = await getAll<DossierReply>([replyKey(found)]);
  return reply;
}

/** The leaders' replies to a session's dossier (the organiser's record page shows them). */
export function dossierReplies(eventId: string): Promise<DossierReply[]> {
  return queryAll<DossierReply>({ ...queries.dossierRepliesOf(eventId), ConsistentRead: true });
}
