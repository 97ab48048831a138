import * as z from "zod/mini";
import type { ConfigHelpers } from "../config/config.ts";
import { ethnicityField } from "../config/ethnic-groups.ts";
import { GENDERS, personName } from "../config/person.ts";
import type { Config } from "../config/schema.ts";
import {
  before,
  blankOr,
  checkbox,
  line,
  mobilePhone,
  mustBeTicked,
  oneOf,
  optionalEmail,
  optionalLine,
  paragraph,
} from "../platform/validation.ts";

/** "Có"/"Không" from a form, true/false from JSON; absent means "use the category's default". */
const optionalYesNo = before(
  (v) =>
    v === "" || v === undefined || v === null
      ? undefined
      : v === true || v === "true" || v === "yes" || v === "on"
        ? true
        : v === false || v === "false" || v === "no"
          ? false
          : v,
  z.optional(z.boolean({ message: "invalid_type" })),
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
        fullName: personName,
        phone: mobilePhone,
        email: optionalEmail,
        gender: blankOr(oneOf(GENDERS)),
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
    consent: mustBeTicked("petition_consent_required", "consent_required"),
  });
}

export type PetitionInput = z.output<ReturnType<typeof petitionSchema>>;
