import * as z from "zod/mini";
import type { ConfigHelpers } from "../config/config.ts";
import { ethnicityField } from "../config/ethnic-groups.ts";
import { GENDERS, personName } from "../config/person.ts";
import type { Config } from "../config/schema.ts";
import { now } from "../platform/clock.ts";
import {
  checkbox,
  mobilePhone,
  mustBeTicked,
  oneOf,
  optionalEmail,
  optionalInt,
  optionalLine,
} from "../platform/validation.ts";

/**
 * A registration for a training or dialogue session. The same schema reads a JSON body and a form post;
 * unknown fields are dropped, never stored.
 */
export function registrationSchema(config: Config, helpers: ConfigHelpers) {
  const thisYear = now().getUTCFullYear();
  return z.object({
    fullName: personName,
    phone: mobilePhone,
    email: optionalEmail,
    gender: oneOf(GENDERS),
    birthYear: optionalInt(thisYear - 110, thisYear - 10, "birth_year_invalid"),
    ethnicity: ethnicityField,
    /** Ethnic origin is sensitive data: it is kept only with this separate, explicit consent. */
    ethnicityConsent: checkbox,
    role: oneOf(config.participantRoles),
    commune: oneOf(
      helpers.communes.map((c) => c.id),
      "commune_unknown",
    ),
    village: optionalLine(100),
    needsInterpreter: optionalLine(60),
    consent: mustBeTicked("consent_required"),
  });
}

export type RegistrationInput = z.output<ReturnType<typeof registrationSchema>>;
