import type { EthnicGroup } from "../config/ethnic-groups.ts";
import type { Gender } from "../config/person.ts";
import type { EventRecord } from "../events/model.ts";
import type { Lang } from "../platform/i18n.ts";
import { keyedHash } from "../platform/secret.ts";

/** What a registration is; every module of registration (and its mails and pages) reads it from here. */
export type RegistrationStatus = "confirmed" | "waitlisted" | "cancelled";

export interface Registration {
  eventId: string;
  registrationId: string;
  code: string;
  status: RegistrationStatus;
  fullName: string;
  phone: string;
  email?: string;
  gender: Gender;
  birthYear?: number;
  ethnicity?: EthnicGroup;
  /** When the separate consent for ethnic origin was given (evidence of consent, PDP Law 91/2025). */
  ethnicityConsentAt?: string;
  role: string;
  commune: string;
  village?: string;
  needsInterpreter?: string;
  consentAt: string;
  consentVersion: string;
  lang: Lang;
  /** Her place in the waitlist's order, when she ever waited (kept after promotion, for the audit of order). */
  waitTicket?: number;
  createdAt: string;
  updatedAt: string;
  promotedAt?: string;
  cancelledAt?: string;
  /** Who cancelled: she herself (her link) or an organiser (by e-mail address). */
  cancelledBy?: string;
  /** What she held when cancelled. */
  cancelledFrom?: "confirmed" | "waitlisted";
  /** Registered at the door by an organiser. */
  walkIn?: boolean;
  /** Let in beyond capacity on the organiser's word: holds no seat of the capacity. */
  overCapacity?: boolean;
  checkedInAt?: string;
  checkedInBy?: string;
  /**
   * Her personal data was erased (her request, or retention: shared/rights/): her name, phone and e-mail are gone from
   * the stored item, which stays for the counts.
   */
  erasedAt?: string;
}

/** One of the organising unit's staff, as her e-mails address her. */
export interface OrganiserPerson {
  name: string;
  email: string;
}

/** A registration's identifier as forms carry it (newId(): 16 base32 symbols). */
export const REGISTRATION_ID = /^[a-z2-7]{16}$/;

/** One registration per phone per event; the lock's key is a hash, so no phone number sits in a key. */
/** The phone lock's key: keyed (shared/platform/secret.ts), so the table names no phone even to a patient reader. */
export const phoneHash = (eventId: string, phone: string) => keyedHash("phone", `${eventId}\n${phone}`);

/** A participant's link works until a month after the event (to see what she registered for). */
const TOKEN_DAYS_AFTER_EVENT = 30;

export function participantLinkExpiry(event: EventRecord): Date {
  return new Date(Date.parse(event.endsAt) + TOKEN_DAYS_AFTER_EVENT * 86_400_000);
}
