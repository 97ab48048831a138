import type { Config } from "../config/schema.ts";
import { loadConfig } from "../config/store.ts";
import { type EventRecord, getEvent } from "../events/model.ts";
import { link } from "../platform/links.ts";
import { log } from "../platform/log.ts";
import { mailItem } from "../platform/outbox.ts";
import { secretReady } from "../platform/secret.ts";
import { holderGone, issueToken, requireToken, unknownLink } from "../platform/tokens.ts";
import { write } from "../platform/write.ts";
import { organiserLinkMail } from "./mails.ts";
import { type OrganiserPerson, participantLinkExpiry } from "./model.ts";

/**
 * An event's organisers are the staff of the Women's Union unit that organises it (configuration). Each acts
 * from her personal link `/g/{token}`, bound to the event and to her address; like every staff link it works
 * only while the configuration still lists her.
 */
export const ORGANISER_TOKEN = "organiser";

export interface Organiser extends OrganiserPerson {
  event: EventRecord;
  unitName: string;
  /** Her pages' addresses: every link and form on them is built from these (the token is in their path). */
  urls: { page: string; bulk: string };
}

export function eventOrganisers(config: Config, event: Pick<EventRecord, "organizer">): OrganiserPerson[] {
  const unit = config.womensUnion.units.find((u) => u.id === event.organizer);
  return (unit?.staff ?? []).map((s) => ({ name: s.name, email: s.email }));
}

/** A new organiser link and the item that stores its hash; it works until a month after the event. */
export function organiserLink(event: EventRecord, email: string) {
  return issueToken(ORGANISER_TOKEN, { eventId: event.id, email }, participantLinkExpiry(event));
}

/** The organiser a link is for; `base` is the API root her pages' links start from. */
export async function organiserByToken(token: string, base: string): Promise<Organiser> {
  const [record, { config }] = await Promise.all([requireToken(token, ORGANISER_TOKEN), loadConfig()]);
  const { eventId, email } = record.subject as { eventId: string; email: string };
  const event = await getEvent(eventId, true);
  if (!event) throw unknownLink();
  const unitName = config.womensUnion.units.find((u) => u.id === event.organizer)?.name ?? event.organizer;
  // She left the organising unit's staff (the configuration changed): a dead link that names whom to ask.
  const person = eventOrganisers(config, event).find((o) => o.email === email);
  if (!person) throw holderGone(unitName);
  const urls = {
    page: link("organiser-page", { token }, { base }),
    bulk: link("organiser-bulk", { token }, { base }),
  };
  return { ...person, event, unitName, urls };
}

/** Ops send an organiser her link (`npm run organiser-link`): the token and its e-mail are written together. */
export async function sendOrganiserLink(eventId: string, email: string, baseUrl: string): Promise<void> {
  await secretReady();
  const [{ config }, event] = await Promise.all([loadConfig(), getEvent(eventId)]);
  if (!event) throw new Error(`There is no event ${eventId}.`);
  const organiser = eventOrganisers(config, event).find((o) => o.email === email);
  if (!organiser) {
    const unit = config.womensUnion.units.find((u) => u.id === event.organizer)?.name ?? event.organizer;
    throw new Error(`${email} is not on the staff of ${unit}, which organises ${eventId}.`);
  }
  const link = organiserLink(event, email);
  const mail = mailItem(organiserLinkMail({ event, organiser, link: link.ref, baseUrl }), [link]);
  await write({ build: () => ({ items: { link: link.item, mail }, answer: undefined }) });
  log.info("organiser link sent", { eventId });
}
