import * as z from "zod";
import type { ConfigHelpers } from "../config/config.ts";
import { findEthnicGroup } from "../config/ethnic-groups.ts";
import type { Config } from "../config/schema.ts";
import { now } from "../platform/clock.ts";
import {
  checkbox,
  line,
  mobilePhone,
  mustBeTicked,
  oneOf,
  optionalEmail,
  optionalInt,
  optionalLine,
} from "../platform/validation.ts";

export const GENDERS = ["female", "male", "other"] as const;
export type Gender = (typeof GENDERS)[number];

const ethnicity = z.preprocess(
  (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
  z
    .string()
    .transform((v, ctx) => {
      const group = findEthnicGroup(v);
      if (!group) {
        ctx.addIssue({ code: "custom", message: "ethnicity_unknown" });
        return z.NEVER;
      }
      return group;
    })
    .optional(),
);

/**
 * A registration for a training or dialogue session. The same schema reads a JSON body and a form post;
 * unknown fields are dropped, never stored.
 */
export function registrationSchema(config: Config, helpers: ConfigHelpers) {
  const thisYear = now().getUTCFullYear();
  return z
    .object({
      fullName: line(100),
      phone: mobilePhone,
      email: optionalEmail,
      gender: oneOf(GENDERS),
      birthYear: optionalInt(thisYear - 110, thisYear - 10, "birth_year_invalid"),
      ethnicity,
      /** Ethnic origin is sensitive data: it needs its own, separate, explicit consent. */
      ethnicityConsent: checkbox,
      role: oneOf(config.participantRoles),
      commune: oneOf(
        helpers.communes.map((c) => c.id),
        "commune_unknown",
      ),
      village: optionalLine(100),
      needsInterpreter: optionalLine(60),
      consent: mustBeTicked("consent_required"),
    })
    .refine((value) => !value.ethnicity || value.ethnicityConsent, {
      path: ["ethnicityConsent"],
      message: "ethnicity_consent_required",
      // Checked even when other fields are wrong, so every mistake is shown at once.
      when: (payload) => {
        const v = payload.value as { ethnicity?: unknown; ethnicityConsent?: unknown } | undefined;
        return typeof v?.ethnicity === "object" && v.ethnicity !== null;
      },
    });
}

export type RegistrationInput = z.output<ReturnType<typeof registrationSchema>>;
