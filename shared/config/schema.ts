import * as z from "zod";

/**
 * Configuration is data: the area tree (any depth: Vietnam dropped the district level in 2025), the Women's
 * Union units and their staff, the agencies, petition categories, events and participant roles. It is checked
 * here when loaded, so a mistake is an error for ops at seed time, never a petition stuck at run time.
 */

const id = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, "ids are lowercase letters, digits and hyphens");
const email = z.string().regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, "not an e-mail address");
const isoDateTime = z.iso.datetime({ offset: true });

export const areaSchema = z.object({
  id,
  name: z.string().min(1),
  /** A label only ("province", "district", "commune"…); the code never branches on it. */
  level: z.string().min(1),
  parent: id.nullable(),
});

export const staffSchema = z.object({
  name: z.string().min(1),
  title: z.string().optional(),
  email,
  role: z.enum(["screener", "approver"]),
});

export const unitSchema = z.object({
  id,
  name: z.string().min(1),
  area: id,
  staff: z.array(staffSchema).min(1),
});

export const agencySchema = z.object({
  id,
  name: z.string().min(1),
  /** Where the agency sits in the tree; an address with `{area}` is resolved per petition's commune. */
  scope: z.string().min(1),
  email: z.string().min(3),
  about: z.string().optional(),
});

export const categorySchema = z.object({
  id,
  name: z.string().min(1),
  en: z.string().min(1),
  agency: id,
  sensitive: z.boolean().optional(),
});

export const eventSchema = z.object({
  id,
  kind: z.enum(["training", "dialogue"]),
  title: z.string().min(1),
  organizer: id,
  venue: z.string().min(1),
  area: id,
  startsAt: isoDateTime,
  endsAt: isoDateTime,
  capacity: z.number().int().min(0),
  registrationClosesAt: isoDateTime.optional(),
  audience: z.array(z.string()).optional(),
  status: z.enum(["open", "closed", "cancelled"]),
  /** Registrations in one minute that make the organisers get an e-mail (default: limits.registrationBurstPerMinute). */
  burstAlertPerMinute: z.number().int().min(1).optional(),
});

/** How long links in e-mails work, in days. A staff link also stops when its step is done. */
export const linksSchema = z.object({
  staffDays: z.number().int().min(1).max(365).default(30),
  petitionerDays: z.number().int().min(1).max(3650).default(365),
  officerDays: z.number().int().min(1).max(3650).default(180),
});

/** Limits per phone number, which a room sharing one Wi-Fi address never reaches together (see README). */
export const limitsSchema = z.object({
  petitionsPerPhonePerDay: z.number().int().min(1).max(1000).default(10),
  /**
   * Registrations for one event in one minute far above its usual rate: the organisers get one e-mail a day with
   * their roster link (a flood of made-up numbers is cancelled there). An event may set its own.
   */
  registrationBurstPerMinute: z.number().int().min(1).max(100_000).default(60),
});

export const configSchema = z.object({
  about: z.string().optional(),
  areas: z.array(areaSchema).min(1),
  womensUnion: z.object({ about: z.string().optional(), units: z.array(unitSchema).min(1) }),
  agencies: z.array(agencySchema),
  categories: z.array(categorySchema),
  routing: z.object({ about: z.string().optional(), chain: z.array(z.string()).min(1) }),
  events: z.array(eventSchema),
  participantRoles: z.array(z.string().min(1)).min(1),
  links: linksSchema.default({ staffDays: 30, petitionerDays: 365, officerDays: 180 }),
  limits: limitsSchema.default({ petitionsPerPhonePerDay: 10, registrationBurstPerMinute: 60 }),
});

export type Area = z.infer<typeof areaSchema>;
export type Unit = z.infer<typeof unitSchema>;
export type Agency = z.infer<typeof agencySchema>;
export type Category = z.infer<typeof categorySchema>;
export type EventConfig = z.infer<typeof eventSchema>;
export type Config = z.infer<typeof configSchema>;
