import type { Config } from "../config/schema.ts";
import type { Bilingual, Lang } from "../platform/i18n.ts";
import type { Petition } from "./petition.ts";
import type { Action, Role, State } from "./workflow.ts";

/** The words people see for states, actions and roles, in both languages. */

export const stateLabels: Record<State, Bilingual> = {
  screening: { vi: "Đang chờ Hội Phụ nữ xã tiếp nhận", en: "Being screened by the commune Women's Union" },
  needs_info: { vi: "Cần bổ sung thông tin", en: "More information needed" },
  approval: { vi: "Đang chờ Hội Phụ nữ cấp trên duyệt", en: "Awaiting approval by the Women's Union above" },
  forwarded: { vi: "Đã chuyển đến cơ quan có thẩm quyền", en: "Forwarded to the responsible agency" },
  acknowledged: { vi: "Cơ quan đã tiếp nhận, đang xử lý", en: "Acknowledged by the agency, being handled" },
  returned: { vi: "Cơ quan trả lại, đang chuyển cơ quan khác", en: "Returned by the agency, being re-routed" },
  answered: { vi: "Đã có trả lời", en: "Answered" },
  closed: { vi: "Đã kết thúc", en: "Closed" },
  rejected: { vi: "Không được tiếp nhận", en: "Not accepted" },
  withdrawn: { vi: "Người gửi đã rút kiến nghị", en: "Withdrawn by the petitioner" },
  duplicate: { vi: "Trùng với kiến nghị khác", en: "Duplicate of another petition" },
};

export const actionLabels: Record<Action | "submit", Bilingual> = {
  submit: { vi: "Gửi kiến nghị", en: "Submitted" },
  accept: { vi: "Tiếp nhận, chuyển cấp trên duyệt", en: "Accept and send for approval" },
  request_info: { vi: "Đề nghị bổ sung thông tin", en: "Ask for more information" },
  provide_info: { vi: "Bổ sung thông tin", en: "Provide information" },
  reject: { vi: "Không tiếp nhận (nêu lý do)", en: "Reject (with a reason)" },
  mark_duplicate: { vi: "Đánh dấu trùng kiến nghị khác", en: "Mark as duplicate" },
  forward: { vi: "Duyệt, chuyển cơ quan có thẩm quyền", en: "Approve and forward to the agency" },
  acknowledge: { vi: "Xác nhận đã nhận", en: "Acknowledge receipt" },
  answer: { vi: "Trả lời kiến nghị", en: "Answer the petition" },
  return: { vi: "Trả lại (không thuộc thẩm quyền)", en: "Return (not our competence)" },
  withdraw: { vi: "Rút kiến nghị", en: "Withdraw the petition" },
  close: { vi: "Đã hài lòng, kết thúc", en: "Satisfied: close it" },
};

/** Past tense, for "who already acted": "đã tiếp nhận", "accepted". */
export const actionDone: Record<Action | "submit", Bilingual> = {
  submit: { vi: "đã gửi", en: "submitted it" },
  accept: { vi: "đã tiếp nhận", en: "accepted it" },
  request_info: { vi: "đã đề nghị bổ sung thông tin", en: "asked for more information" },
  provide_info: { vi: "đã bổ sung thông tin", en: "provided information" },
  reject: { vi: "đã không tiếp nhận", en: "rejected it" },
  mark_duplicate: { vi: "đã đánh dấu trùng", en: "marked it as a duplicate" },
  forward: { vi: "đã duyệt và chuyển cơ quan", en: "approved and forwarded it" },
  acknowledge: { vi: "đã xác nhận nhận", en: "acknowledged it" },
  answer: { vi: "đã trả lời", en: "answered it" },
  return: { vi: "đã trả lại", en: "returned it" },
  withdraw: { vi: "đã rút", en: "withdrew it" },
  close: { vi: "đã kết thúc", en: "closed it" },
};

/** The public timeline on the status page: what happened, never who personally. */
export const timelineLabels: Record<Action | "submit", Bilingual> = {
  submit: { vi: "Đã gửi kiến nghị", en: "Petition submitted" },
  accept: { vi: "Hội Phụ nữ xã đã tiếp nhận", en: "Accepted by the commune Women's Union" },
  request_info: { vi: "Đề nghị bổ sung thông tin", en: "More information requested" },
  provide_info: { vi: "Đã bổ sung thông tin", en: "Information provided" },
  reject: { vi: "Không được tiếp nhận", en: "Not accepted" },
  mark_duplicate: { vi: "Xác định trùng với kiến nghị khác", en: "Found to duplicate another petition" },
  forward: { vi: "Đã chuyển cơ quan có thẩm quyền", en: "Forwarded to the responsible agency" },
  acknowledge: { vi: "Cơ quan đã xác nhận nhận", en: "Acknowledged by the agency" },
  answer: { vi: "Cơ quan đã trả lời", en: "Answered by the agency" },
  return: { vi: "Cơ quan trả lại để chuyển cơ quan khác", en: "Returned by the agency for re-routing" },
  withdraw: { vi: "Người gửi đã rút kiến nghị", en: "Withdrawn by the petitioner" },
  close: { vi: "Đã kết thúc", en: "Closed" },
};

export const roleLabels: Record<Role, Bilingual> = {
  screener: { vi: "Hội Phụ nữ xã (tiếp nhận)", en: "Commune Women's Union (screening)" },
  approver: { vi: "Hội Phụ nữ cấp trên (duyệt)", en: "Women's Union above (approval)" },
  agency: { vi: "Cơ quan có thẩm quyền", en: "Responsible agency" },
  petitioner: { vi: "Người gửi kiến nghị", en: "Petitioner" },
};

export function categoryName(config: Config, id: string, lang: Lang): string {
  const c = config.categories.find((x) => x.id === id);
  return c ? (lang === "en" ? c.en : c.name) : id;
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
      return roleLabels.petitioner[lang];
    default:
      return undefined;
  }
}
