import { foldForMatch } from "../platform/text.ts";
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
