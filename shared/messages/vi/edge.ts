import type { Messages } from "../catalogue.ts";

/** What the HTTP edge refuses before a route reads anything (shared/platform/http.ts), and a name that is not one. */

/**
 * A form sent to this site from another site's page (a forged post). The page shows this in Vietnamese, then in
 * English: the request never says which language its sender reads, since its body is not read.
 */
export const crossSite = {
  title: "Không gửi được biểu mẫu",
  detail:
    "Biểu mẫu phải được gửi từ chính trang của Tiếng Nói. Hãy quay lại trang biểu mẫu của Tiếng Nói và gửi lại. Chưa có thông tin nào được lưu.",
  home: "Về trang chủ Tiếng Nói",
} as const satisfies Messages;

/** JSON nested deeper than any form of this site ever sends. */
export const deepJson = {
  title: "Nội dung JSON lồng quá sâu",
  detail: (p: { max: number }) => `Nội dung JSON chỉ được lồng tối đa ${p.max} cấp. Chưa có thông tin nào được lưu.`,
} as const satisfies Messages;

/** A person's name field that holds more than a name (a link, an address, digits). */
export const nameField = {
  name_invalid: "Họ và tên chỉ gồm chữ cái, dấu cách và các dấu . ' ’ - (không có chữ số, địa chỉ web hay e-mail).",
} as const satisfies Messages;
