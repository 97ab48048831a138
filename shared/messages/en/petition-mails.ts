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
  verdictAsk: {
    subject: "Was your issue resolved?",
    lead: (p) =>
      `${p.agency} answered your petition. Please tell us whether your issue was resolved: press the button below and choose "Resolved", "Not resolved" or "Too early to say". Your word tells the Women's Union which agencies resolve issues.`,
  },
  autoClosed: {
    subject: "Petition closed",
    lead: "Your petition was answered and has now been closed, as we did not hear back from you. If your issue is not resolved, please contact the commune's Women's Union or send a new petition.",
  },
  duplicate: {
    subject: "Petition joined to another",
    lead: (p) =>
      `Your petition raises the same matter as petition ${p.other}, which is being handled: follow that one.`,
  },
} satisfies Catalogue<typeof vi.petitionerMail>;
