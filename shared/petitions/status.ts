import type { Config } from "../config/schema.ts";
import { loadConfig } from "../config/store.ts";
import { both } from "../messages/catalogue.ts";
import { petitionStatusText, stateText, timelineText } from "../messages/petitions.ts";
import { notFound } from "../platform/errors.ts";
import type { Bilingual } from "../platform/i18n.ts";
import { agencyName, categoryName, currentHolder } from "./labels.ts";
import { getHistory, getPetition, type Petition } from "./petition.ts";
import { displayCode, parseTrackingCode } from "./tracking.ts";

/**
 * What anyone holding a tracking code may see: where the petition stands, never who sent it. No name,
 * phone, e-mail, village or free-text note of the petitioner appears here.
 */
export interface PublicStatus {
  trackingCode: string;
  status: Petition["status"];
  statusLabel: Bilingual;
  /** Who holds it now ("Hội LHPN xã Thượng Lâm", an agency), while it is open. */
  currentStage?: { vi: string; en: string };
  category: { id: string; vi: string; en: string };
  commune: { id: string; name: string };
  submittedAt: string;
  updatedAt: string;
  /** The agency it went to, once forwarded. */
  agency?: { id: string; name: string };
  answer?: { text: string; at: string; agency: string };
  rejectionReason?: string;
  duplicateOf?: string;
  timeline: { at: string; action: string; label: Bilingual }[];
}

const FORWARDED = new Set(["forwarded", "acknowledged", "answered", "closed"]);

export function publicStatus(p: Petition, config: Config, timeline: PublicStatus["timeline"]): PublicStatus {
  const holderVi = currentHolder(p, config, "vi");
  const holderEn = currentHolder(p, config, "en");
  return {
    trackingCode: displayCode(p.trackingCode),
    status: p.status,
    statusLabel: both(stateText, p.status),
    ...(holderVi && holderEn ? { currentStage: { vi: holderVi, en: holderEn } } : {}),
    category: {
      id: p.category,
      vi: categoryName(config, p.category, "vi"),
      en: categoryName(config, p.category, "en"),
    },
    commune: { id: p.commune, name: config.areas.find((a) => a.id === p.commune)?.name ?? p.commune },
    submittedAt: p.createdAt,
    updatedAt: p.updatedAt,
    ...(FORWARDED.has(p.status) || p.answer
      ? { agency: { id: p.routing.agency, name: agencyName(config, p.answer?.agency ?? p.routing.agency) } }
      : {}),
    ...(p.answer ? { answer: { ...p.answer, agency: agencyName(config, p.answer.agency) } } : {}),
    ...(p.status === "rejected" && p.rejection ? { rejectionReason: p.rejection.reason } : {}),
    ...(p.duplicateOf ? { duplicateOf: displayCode(p.duplicateOf) } : {}),
    timeline,
  };
}

/** 404 for anything that is not a stored code, without saying whether a similar one exists. */
export async function statusByCode(input: string): Promise<PublicStatus> {
  const unknown = () => notFound(both(petitionStatusText, "unknown"));
  const code = parseTrackingCode(input);
  if (!code) throw unknown();
  // The history is read alongside, not after: one round trip of latency for the page, not two.
  const [{ config }, petition, history] = await Promise.all([loadConfig(), getPetition(code, false), getHistory(code)]);
  if (!petition) throw unknown();
  const timeline = history.map((e) => ({ at: e.at, action: e.action, label: both(timelineText, e.action) }));
  return publicStatus(petition, config, timeline);
}
