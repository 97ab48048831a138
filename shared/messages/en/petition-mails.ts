import type { Catalogue } from "../catalogue.ts";
import type * as vi from "../vi/petition-mails.ts";

/** Staff e-mails (staffMail, officerLinkMail) are Vietnamese only: they have no English twin. */

export const petitionerMail = {
  open: "Open your petition",
  follow: "Follow your petition",
  receipt: {
    subject: "Petition received",
    lead: (p) => `We have received your petition "${p.title}". Keep the tracking code ${p.code} to follow it.`,
    leadAnyone: (p) =>
      `The Women's Union has received a petition sent with this e-mail address. Its tracking code is ${p.code}: keep it to follow the petition.`,
    notYou: "If you did not send a petition, please ignore this e-mail.",
  },
  needsInfo: {
    subject: "More information needed",
    lead: "Please add the information asked for below, using the button.",
  },
  rejected: {
    subject: "Petition not accepted",
    lead: "Your petition was not accepted, for this reason:",
  },
  forwarded: {
    subject: "Petition forwarded",
    lead: (p) => `Your petition has been forwarded to ${p.agency}, which must answer it.`,
  },
  answered: {
    subject: "Your petition has an answer",
    lead: (p) => `${p.agency} answered:`,
  },
  duplicate: {
    subject: "Petition joined to another",
    lead: (p) =>
      `Your petition raises the same matter as petition ${p.other}, which is being handled: follow that one.`,
  },
} satisfies Catalogue<typeof vi.petitionerMail>;
