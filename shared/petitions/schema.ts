import * as z from "zod";
import type { ConfigHelpers } from "../config/config.ts";
import { ethnicityField } from "../config/ethnic-groups.ts";
import type { Config } from "../config/schema.ts";
import {
  checkbox,
  line,
  mobilePhone,
  mustBeTicked,
  oneOf,
  optionalEmail,
  optionalLine,
  paragraph,
} from "../platform/validation.ts";
import { GENDERS } from "../registration/schema.ts";

/** "Có"/"Không" from a form, true/false from JSON; absent means "use the category's default". */
const optionalYesNo = z.preprocess(
  (v) =>
    v === "" || v === undefined || v === null
      ? undefined
      : v === true || v === "true" || v === "yes" || v === "on"
        ? true
        : v === false || v === "false" || v === "no"
          ? false
          : v,
  z.boolean({ message: "invalid_type" }).optional(),
);

/**
 * A petition (kiến nghị) as the public form or an API client sends it. Lengths count characters after NFC
 * normalisation; unknown fields are dropped, never stored.
 */
export function petitionSchema(config: Config, helpers: ConfigHelpers) {
  return z.object({
    title: line(200),
    content: paragraph(5000),
    category: oneOf(config.categories.map((c) => c.id)),
    commune: oneOf(
      helpers.communes.map((c) => c.id),
      "commune_unknown",
    ),
    village: optionalLine(100),
    petitioner: z.object(
      {
        fullName: line(100),
        phone: mobilePhone,
        email: optionalEmail,
        gender: z.preprocess((v) => (v === "" ? undefined : v), oneOf(GENDERS).optional()),
        ethnicity: ethnicityField,
        ethnicityConsent: checkbox,
      },
      { message: "required" },
    ),
    /** A group the petition speaks for, e.g. a village women's branch. */
    onBehalfOf: optionalLine(200),
    /** The dialogue session where it was raised. */
    eventId: optionalLine(64),
    shareIdentityWithAgency: optionalYesNo,
    consent: mustBeTicked("consent_required"),
  });
}

export type PetitionInput = z.output<ReturnType<typeof petitionSchema>>;

const note = (max: number) => optionalLine(max);

/** What each action needs, checked before anything is written. */
export const actionSchemas = {
  accept: z.object({ note: note(1000) }),
  request_info: z.object({ question: paragraph(2000) }),
  provide_info: z.object({ info: paragraph(5000) }),
  reject: z.object({ reason: paragraph(2000) }),
  mark_duplicate: z.object({ duplicateOf: line(20), note: note(1000) }),
  forward: z.object({ agency: optionalLine(64), note: note(1000) }),
  acknowledge: z.object({ note: note(1000) }),
  answer: z.object({ answer: paragraph(5000) }),
  return: z.object({ reason: paragraph(2000) }),
  withdraw: z.object({ reason: note(1000) }),
  close: z.object({ note: note(1000) }),
} as const;
