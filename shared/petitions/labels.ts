import type { Config } from "../config/schema.ts";
import { deadlineStateText, roleText } from "../messages/petitions.ts";
import { type Lang, pick } from "../platform/i18n.ts";
import type { DeadlineNow } from "./deadlines.ts";
import type { Petition } from "./petition.ts";

/** The names people see for what configuration holds (categories, agencies, units) and for who holds a petition. */

/** A category's name in `lang` (configuration gives each in Vietnamese and English). */
export const categoryLabel = (c: Config["categories"][number], lang: Lang) => pick({ vi: c.name, en: c.en }, lang);

export function categoryName(config: Config, id: string, lang: Lang): string {
  const c = config.categories.find((x) => x.id === id);
  return c ? categoryLabel(c, lang) : id;
}

export function agencyName(config: Config, id: string): string {
  return config.agencies.find((a) => a.id === id)?.name ?? id;
}

export function unitName(config: Config, id: string): string {
  return config.womensUnion.units.find((u) => u.id === id)?.name ?? id;
}

/** Who holds the petition now, in words: "Hội LHPN xã Thượng Lâm", "Phòng Y tế huyện Lâm Bình". */
export function currentHolder(petition: Petition, config: Config, lang: Lang): string | undefined {
  switch (petition.status) {
    case "screening":
      return unitName(config, petition.routing.screeningUnit);
    case "approval":
    case "returned":
      return unitName(config, petition.routing.approvingUnit);
    case "forwarded":
    case "acknowledged":
      return agencyName(config, petition.routing.agency);
    case "needs_info":
      return roleText[lang].petitioner;
    default:
      return undefined;
  }
}

/** How a step stands against its deadline, in words: days left, due today, or how far past it. */
export function deadlineWords(d: DeadlineNow, lang: Lang): string {
  const t = deadlineStateText[lang];
  const left = d.workingDaysLeft;
  if (left === undefined) return d.overdue ? t.overdueDay : "";
  if (left > 0) return t.left({ n: left });
  return left === 0 ? t.today : t.overdue({ n: -left });
}
