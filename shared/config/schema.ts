import * as z from "zod/mini";
import { WEEKDAYS } from "../platform/workdays.ts";

/**
 * Configuration is data: the area tree (any depth: Vietnam dropped the district level in 2025), the Women's
 * Union units and their staff, the agencies, petition categories, events and participant roles. It is checked
 * here when loaded, so a mistake is an error for ops at seed time, never a petition stuck at run time.
 */

const id = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{1,62}$/, "ids are lowercase letters, digits and hyphens"));
const email = z.string().check(z.regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, "not an e-mail address"));
const isoDateTime = z.iso.datetime({ offset: true });
const text = (min = 1) => z.string().check(z.minLength(min));
const whole = (min: number, max?: number) =>
  z.int().check(z.minimum(min), ...(max === undefined ? [] : [z.maximum(max)]));

export const areaSchema = z.object({
  id,
  name: text(),
  /** A label only ("province", "district", "commune"…); the code never branches on it. */
  level: text(),
  parent: z.nullable(id),
});

export const staffSchema = z.object({
  name: text(),
  title: z.optional(z.string()),
  email,
  role: z.enum(["screener", "approver"]),
});

export const unitSchema = z.object({
  id,
  name: text(),
  area: id,
  staff: z.array(staffSchema).check(z.minLength(1)),
});

export const agencySchema = z.object({
  id,
  name: text(),
  /** Where the agency sits in the tree; an address with `{area}` is resolved per petition's commune. */
  scope: text(),
  email: text(3),
  about: z.optional(z.string()),
});

export const categorySchema = z.object({
  id,
  name: text(),
  en: text(),
  agency: id,
  sensitive: z.optional(z.boolean()),
});

export const eventSchema = z.object({
  id,
  kind: z.enum(["training", "dialogue"]),
  title: text(),
  organizer: id,
  venue: text(),
  area: id,
  startsAt: isoDateTime,
  endsAt: isoDateTime,
  capacity: whole(0),
  registrationClosesAt: z.optional(isoDateTime),
  audience: z.optional(z.array(z.string())),
  status: z.enum(["open", "closed", "cancelled"]),
  /** Registrations in one minute that make the organisers get an e-mail (default: limits.registrationBurstPerMinute). */
  burstAlertPerMinute: z.optional(whole(1)),
  /**
   * A dialogue session's invited leaders (the commune's, the agencies'): the issues sent beforehand are compiled for
   * them `sessions.dossierWorkingDaysBefore` working days before it (shared/sessions/dossier.ts).
   */
  leaders: z.optional(z.array(z.object({ name: text(), title: z.optional(z.string()), email }))),
});

/** How long links in e-mails work, in days. A staff link also stops when its step is done. */
export const linksSchema = z.object({
  staffDays: z._default(whole(1, 365), 30),
  petitionerDays: z._default(whole(1, 3650), 365),
  /** An officer's intake link: short, since it lets her enter petitions for anyone (revocable, and capped per day). */
  officerDays: z._default(whole(1, 365), 30),
  /** A leader's link to her unit's on-time report: it shows no personal data, and a new one comes every month. */
  leaderDays: z._default(whole(1, 365), 90),
});

const calendarDaySchema = z.object({
  date: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, "a day is written YYYY-MM-DD")),
  name: text(),
});

/**
 * One year of the working-day calendar: its days off that fall on working days (public holidays, days in lieu of
 * those on a weekend, swapped days off) and its working weekend days (làm bù), as the government announced them.
 */
export const calendarYearSchema = z.object({
  about: z.optional(z.string()),
  daysOff: z.array(calendarDaySchema),
  workingWeekendDays: z._default(z.array(calendarDaySchema), []),
});

/**
 * Working days (shared/platform/workdays.ts): deadlines count them. Every year a deadline can fall in is listed;
 * `npm run calendar -- --year 2028` proposes one from the Labour Code and the lunar calendar, for ops to check against
 * the year's notices and paste.
 */
export const calendarSchema = z.object({
  about: z.optional(z.string()),
  weekend: z._default(z.array(z.enum(WEEKDAYS)), ["saturday", "sunday"]),
  years: z.record(z.string().check(z.regex(/^\d{4}$/, "a year is written YYYY")), calendarYearSchema),
});

/** One step's deadline: so many working (or calendar) days from the day the step starts, and the rule it follows. */
const deadlineRuleSchema = z.object({
  days: whole(1, 365),
  unit: z._default(z.enum(["working", "calendar"]), "working"),
  rule: z.optional(z.string()),
});

export const DEADLINE_STEPS = ["screening", "approval", "acknowledgement", "answer"] as const;

/**
 * How long each step may take (shared/petitions/deadlines.ts): the commune union's screening, the approval above
 * it, the agency's acknowledgement and its answer; a category may set its own. Screening and approval together
 * stay within `petitionerNoticeWorkingDays`: the Law on Citizen Reception (Art. 28.1) tells her within 10 working
 * days whether her petition was accepted, refused or forwarded, and to whom.
 */
export const deadlinesSchema = z.object({
  about: z.optional(z.string()),
  screening: deadlineRuleSchema,
  approval: deadlineRuleSchema,
  acknowledgement: deadlineRuleSchema,
  answer: deadlineRuleSchema,
  /** A category's own rules, step by step (e.g. a sector rule for the agency's answer). */
  categories: z._default(
    z.record(
      id,
      z.object({
        screening: z.optional(deadlineRuleSchema),
        approval: z.optional(deadlineRuleSchema),
        acknowledgement: z.optional(deadlineRuleSchema),
        answer: z.optional(deadlineRuleSchema),
      }),
    ),
    {},
  ),
  petitionerNoticeWorkingDays: z._default(whole(1, 60), 10),
  /**
   * Reminders and escalation (shared/petitions/alarms.ts): the holder of a step is reminded so many working days
   * before its deadline (0: on the day); from the first working day after it, the unit above is told, then every
   * `escalateEveryWorkingDays` the next unit up, until someone acts.
   */
  reminders: z._default(
    z.object({
      workingDaysBefore: z._default(z.array(whole(0, 30)).check(z.maxLength(5)), [2, 0]),
      escalateEveryWorkingDays: z._default(whole(1, 60), 5),
    }),
    { workingDaysBefore: [2, 0], escalateEveryWorkingDays: 5 },
  ),
});

/** Limits per phone number, which a room sharing one Wi-Fi address never reaches together (see README). */
export const limitsSchema = z.object({
  petitionsPerPhonePerDay: z._default(whole(1, 1000), 10),
  /**
   * Registrations for one event in one minute far above its usual rate: the organisers get one e-mail a day with
   * their roster link (a flood of made-up numbers is cancelled there). An event may set its own.
   */
  registrationBurstPerMinute: z._default(whole(1, 100_000), 60),
  /** Petitions one officer may enter for women in a Vietnam day, from her intake link. */
  intakePerOfficerPerDay: z._default(whole(1, 1000), 50),
  /**
   * Receipts (a petition's, a registration's confirmation) to one e-mail address in a Vietnam day: past it the
   * submission is kept and answered on the page, but no mail goes, so the form cannot be used to flood an inbox.
   */
  receiptsPerAddressPerDay: z._default(whole(1, 1000), 5),
});

/**
 * After the answer (shared/petitions/alarms.ts): she is asked "was your issue resolved?" `askAfterDays` calendar days
 * after it (by e-mail, or through the officer for a woman without one); with no word from her `closeAfterDays` after
 * the answer, the petition closes itself and she and the union are told.
 */
export const followUpSchema = z.object({
  about: z.optional(z.string()),
  askAfterDays: z._default(whole(1, 365), 21),
  closeAfterDays: z._default(whole(2, 730), 35),
});

/**
 * Dialogue sessions (shared/sessions/): issues named for a session are compiled `dossierWorkingDaysBefore` working
 * days before it for its invited leaders; after it, its organiser is reminded `recordRemindDays` (calendar days after
 * its end) until she closes its record; a commitment made in an answer gets the step reminders and escalation of
 * `deadlines.reminders`, and `commitmentWorkingDays` when its maker gives no date.
 */
export const sessionsSchema = z.object({
  about: z.optional(z.string()),
  dossierWorkingDaysBefore: z._default(whole(1, 30), 3),
  recordRemindDays: z._default(z.array(whole(1, 60)).check(z.minLength(1), z.maxLength(5)), [3, 7]),
  commitmentWorkingDays: z._default(whole(1, 365), 30),
});

/**
 * Her data rights (Personal Data Protection Law 91/2025, Decree 356/2025): a request is acknowledged within
 * `acknowledgeWorkingDays` and carried out within `completeDays` (calendar days), the unit reminded
 * `remindDaysBefore` days before each limit. Retention: a registration's personal data goes `registrationDays` after
 * its event ends; a petition's `petitionMonths` months after it ends (closed, rejected, withdrawn, duplicate).
 */
export const rightsSchema = z.object({
  about: z.optional(z.string()),
  acknowledgeWorkingDays: z._default(whole(1, 30), 2),
  completeDays: z._default(whole(1, 90), 15),
  remindDaysBefore: z._default(whole(0, 30), 1),
});
export const retentionSchema = z.object({
  about: z.optional(z.string()),
  registrationDays: z._default(whole(1, 3650), 90),
  petitionMonths: z._default(whole(1, 240), 24),
});

export const configSchema = z.object({
  about: z.optional(z.string()),
  areas: z.array(areaSchema).check(z.minLength(1)),
  womensUnion: z.object({ about: z.optional(z.string()), units: z.array(unitSchema).check(z.minLength(1)) }),
  agencies: z.array(agencySchema),
  categories: z.array(categorySchema),
  routing: z.object({ about: z.optional(z.string()), chain: z.array(z.string()).check(z.minLength(1)) }),
  events: z.array(eventSchema),
  participantRoles: z.array(text()).check(z.minLength(1)),
  calendar: z.optional(calendarSchema),
  deadlines: z.optional(deadlinesSchema),
  followUp: z._default(followUpSchema, { askAfterDays: 21, closeAfterDays: 35 }),
  sessions: z._default(sessionsSchema, {
    dossierWorkingDaysBefore: 3,
    recordRemindDays: [3, 7],
    commitmentWorkingDays: 30,
  }),
  rights: z._default(rightsSchema, { acknowledgeWorkingDays: 2, completeDays: 15, remindDaysBefore: 1 }),
  retention: z._default(retentionSchema, { registrationDays: 90, petitionMonths: 24 }),
  links: z._default(linksSchema, { staffDays: 30, petitionerDays: 365, officerDays: 30, leaderDays: 90 }),
  limits: z._default(limitsSchema, {
    petitionsPerPhonePerDay: 10,
    registrationBurstPerMinute: 60,
    intakePerOfficerPerDay: 50,
    receiptsPerAddressPerDay: 5,
  }),
});

export type Area = z.infer<typeof areaSchema>;
export type Unit = z.infer<typeof unitSchema>;
export type Agency = z.infer<typeof agencySchema>;
export type Category = z.infer<typeof categorySchema>;
export type EventConfig = z.infer<typeof eventSchema>;
export type Config = z.infer<typeof configSchema>;
