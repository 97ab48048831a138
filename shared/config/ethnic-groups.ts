import { foldForMatch } from "../platform/text.ts";
import { blankOr, recognised } from "../platform/validation.ts";
import data from "./ethnic-groups.json" with { type: "json" };

/** Vietnam's 54 ethnic groups (General Statistics Office order), with the spellings people commonly use. */
export interface EthnicGroup {
  code: string;
  name: string;
}

export const ethnicGroups: readonly EthnicGroup[] = data.groups.map(({ code, name }) => ({ code, name }));

const byFolded = new Map<string, EthnicGroup>();
for (const g of data.groups) {
  const group = { code: g.code, name: g.name };
  for (const spelling of [g.name, g.code, ...g.variants]) byFolded.set(foldForMatch(spelling), group);
}

/** Find a group by its name, its two-digit code or a common variant ("H'Mông" → Mông, "Khmer" → Khơ-me). */
export function findEthnicGroup(input: string): EthnicGroup | undefined {
  return byFolded.get(foldForMatch(input));
}

/** An optional ethnic group as typed or chosen: its name, code or a common variant. */
export const ethnicityField = blankOr(recognised(findEthnicGroup, "ethnicity_unknown"));

export interface ConsentedEthnicity {
  ethnicity?: EthnicGroup;
  /** When the separate consent was given: the evidence the Personal Data Protection Law asks to keep. */
  ethnicityConsentAt?: string;
  /** Set when a group was given without its own consent: it is not stored, and the answer says so. */
  notStored?: "ethnicity";
}

/**
 * Ethnic origin is sensitive data (Law 91/2025/QH15): it is kept only with its own explicit consent. Without
 * that consent it is dropped rather than refused, so nobody is pushed into ticking the box to be heard.
 */
export function consentedEthnicity(
  input: { ethnicity?: EthnicGroup; ethnicityConsent: boolean },
  at: string,
): ConsentedEthnicity {
  if (!input.ethnicity) return {};
  if (!input.ethnicityConsent) return { notStored: "ethnicity" };
  return { ethnicity: input.ethnicity, ethnicityConsentAt: at };
}
