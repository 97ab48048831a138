import { loadConfig } from "../config/store.ts";
import { both } from "../messages/catalogue.ts";
import { petitionStatusText } from "../messages/petitions.ts";
import { notFound } from "../platform/errors.ts";
import { type PublicView, petitionFor } from "./audience.ts";
import { getHistory, getPetition } from "./petition.ts";
import { parseTrackingCode } from "./tracking.ts";

/**
 * What anyone holding a tracking code may see, as `petitionFor("public", …)` decides (shared/petitions/audience.ts):
 * where it stands, never who sent it, and of a sensitive petition nothing more than its stage and dates.
 */
export type PublicStatus = PublicView;

/** 404 for anything that is not a stored code, without saying whether a similar one exists. */
export async function statusByCode(input: string): Promise<PublicStatus> {
  const unknown = () => notFound(both(petitionStatusText, "unknown"));
  const code = parseTrackingCode(input);
  if (!code) throw unknown();
  // The history is read alongside, not after: one round trip of latency for the page, not two.
  const [{ config }, petition, history] = await Promise.all([loadConfig(), getPetition(code, false), getHistory(code)]);
  if (!petition) throw unknown();
  return petitionFor("public", petition, history, config);
}
