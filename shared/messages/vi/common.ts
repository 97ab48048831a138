import type { Messages } from "../catalogue.ts";

/** What every page, form and problem shares. Each const is its own section: a function bundles those it uses. */

/** The frame of every page. `language` names this catalogue's language, for the link to it from the other. */
export const layout = {
  site: "Tiếng Nói",
  language: "Tiếng Việt",
} as const satisfies Messages;

/**
 * The frame of every e-mail: the greeting before her name, the greeting without it (a mail to an address typed into
 * a form carries no typed words: shared/platform/addresses.ts), the footer.
 */
export const mailLayout = {
  hello: "Chào",
  helloAnyone: "Xin chào,",
  footer: "Thư này được gửi tự động từ Tiếng Nói, hệ thống của Hội Liên hiệp Phụ nữ. Xin đừng trả lời thư này.",
} as const satisfies Messages;

/** "08:00 Thứ Hai, 08/03/2027": a moment as people here write it (the values are Vietnam's wall clock). */
export const dates = {
  dateTime: (p: { time: string; weekday: number; day: number; month: number; year: number }) =>
    `${p.time} ${["Chủ Nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"][p.weekday]}, ${String(p.day).padStart(2, "0")}/${String(p.month).padStart(2, "0")}/${p.year}`,
  day: (p: { weekday: number; day: number; month: number; year: number }) =>
    `${["Chủ Nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"][p.weekday]}, ${String(p.day).padStart(2, "0")}/${String(p.month).padStart(2, "0")}/${p.year}`,
} as const satisfies Messages;

/** The titles of the problems any domain throws (shared/platform/errors.ts, RFC 9457). */
export const problems = {
  invalid: "Thông tin gửi lên chưa hợp lệ",
  conflict: "Không thể thực hiện",
  notFound: "Không tìm thấy",
} as const satisfies Messages;

/** The store is unavailable: nothing was saved. */
export const busy = {
  title: "Hệ thống đang bận",
  detail: "Hệ thống đang bận, thông tin của chị chưa được lưu. Vui lòng thử lại sau ít phút.",
} as const satisfies Messages;

/** The problems the HTTP edge answers for any route: a body it cannot read, an error it did not expect. */
export const edgeProblems = {
  malformed: "Nội dung gửi lên không đọc được",
  malformedDetail: "Nội dung không phải JSON hoặc biểu mẫu hợp lệ.",
  tooLarge: "Nội dung quá lớn",
  tooLargeDetail: "Nội dung gửi lên vượt quá 64 KB.",
  mediaType: "Kiểu nội dung không được hỗ trợ",
  mediaTypeDetail: "Chỉ nhận application/json hoặc application/x-www-form-urlencoded.",
  internal: "Đã có lỗi xảy ra",
  internalDetail: "Hệ thống gặp lỗi, thông tin chưa được lưu. Vui lòng thử lại sau.",
} as const satisfies Messages;

/** What no route takes: an unknown address, or a known one with another method. */
export const noRoute = {
  method: "Phương thức không được hỗ trợ",
  methodDetail: (p: { allow: string }) => `Địa chỉ này chỉ nhận: ${p.allow}.`,
  pageDetail: "Không có trang này.",
} as const satisfies Messages;

/** A link from an e-mail that does not work (shared/platform/tokens.ts). */
export const linkProblems = {
  unknown: "Liên kết không hợp lệ",
  unknownDetail: "Liên kết này không đúng hoặc không còn dùng được. Hãy kiểm tra lại e-mail.",
  expired: "Liên kết đã hết hạn",
  expiredDetail: "Liên kết này đã hết hạn. Nếu còn việc cần làm, hệ thống sẽ gửi liên kết mới.",
} as const satisfies Messages;

/** An `Idempotency-Key` that is not one (shared/platform/idempotency.ts). */
export const badIdempotencyKey = {
  title: "Idempotency-Key không hợp lệ",
  detail: "Idempotency-Key phải từ 1 đến 255 ký tự ASCII in được.",
} as const satisfies Messages;

/** An `Idempotency-Key` sent again with another body. */
export const reusedIdempotencyKey = {
  title: "Idempotency-Key đã dùng cho yêu cầu khác",
  detail: "Khóa này đã được dùng với nội dung khác. Hãy dùng khóa mới cho yêu cầu mới.",
} as const satisfies Messages;

/** A field's message, keyed by the code the schemas give (shared/platform/validation.ts). */
export const fields = {
  required: "Vui lòng điền mục này.",
  too_long: (p: { max: number }) => `Tối đa ${p.max} ký tự.`,
  invalid_type: "Giá trị không đúng kiểu.",
  one_of: (p: { values: string }) => `Chọn một trong các giá trị: ${p.values}.`,
  phone_invalid: "Số điện thoại di động Việt Nam không hợp lệ (ví dụ: 0912 345 678).",
  email_invalid: "Địa chỉ e-mail không hợp lệ.",
  consent_required: "Cần đồng ý với việc sử dụng thông tin để gửi đăng ký.",
  petition_consent_required: "Cần đồng ý với việc sử dụng thông tin để gửi kiến nghị.",
  ethnicity_unknown: "Không có dân tộc này trong danh mục 54 dân tộc.",
  commune_unknown: "Không có xã/phường này trong danh mục.",
  birth_year_invalid: (p: { min: number; max: number }) => `Năm sinh từ ${p.min} đến ${p.max}.`,
  unknown_field: "Trường này không được hỗ trợ.",
} as const satisfies Messages;

/** Every form's summary of its mistakes. */
export const form = {
  fix: "Vui lòng sửa các mục sau:",
} as const satisfies Messages;

/** The field bots fill in and people never see (shared/platform/honeypot.ts). */
export const honeypot = {
  label: "Để trống ô này",
} as const satisfies Messages;

/**
 * What a woman says of herself on any form (the registration and the petition ask the same), with those forms'
 * empty choice and the name their consent box has in the summary of mistakes.
 */
export const person = {
  choose: "— Chọn —",
  consent: "Đồng ý",
  fullName: "Họ và tên",
  phone: "Số điện thoại di động",
  email: "E-mail (không bắt buộc)",
  genders: { female: "Nữ", male: "Nam", other: "Khác" },
  ethnicityLegend: "Dân tộc (không bắt buộc)",
  ethnicityConsent: "Tôi đồng ý cho Hội LHPN ghi nhận dân tộc của tôi để thống kê.",
  ethnicity: "Dân tộc",
} as const satisfies Messages;
