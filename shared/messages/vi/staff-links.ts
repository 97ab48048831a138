import type { Messages } from "../catalogue.ts";

/** A staff link whose holder no longer holds that role for the petition (the configuration changed). */
export const roleGone = {
  title: "Liên kết không còn dùng được",
  detail: (p: { unit: string }) =>
    `Người nhận liên kết này không còn đảm nhận việc này theo phân công hiện nay. Xin liên hệ ${p.unit}.`,
} as const satisfies Messages;

/** An officer's intake link: revoked, or used up for today. */
export const intakeLimits = {
  revoked: "Liên kết nhập kiến nghị đã bị thu hồi",
  revokedDetail: "Liên kết này đã bị thu hồi. Xin liên hệ quản trị hệ thống để nhận liên kết mới.",
  tooMany: "Đã nhập đủ số kiến nghị cho hôm nay",
  tooManyDetail: (p: { limit: number }) =>
    `Mỗi cán bộ nhập tối đa ${p.limit} kiến nghị một ngày. Kiến nghị này chưa được lưu; xin nhập lại vào ngày mai.`,
} as const satisfies Messages;
