import type { Messages } from "../catalogue.ts";

/** The registration form's own fields (the person's are in common.ts), public and at the door. */
export const registrationForm = {
  heading: "Đăng ký tham dự",
  phoneHint: "Ví dụ: 0912 345 678",
  emailHint: "Để nhận thư xác nhận và liên kết hủy đăng ký.",
  gender: "Giới tính",
  birthYear: "Năm sinh (không bắt buộc)",
  role: "Chức danh, vai trò",
  commune: "Xã, thị trấn",
  village: "Thôn, bản (không bắt buộc)",
  interpreter: "Cần phiên dịch sang tiếng (không bắt buộc)",
  interpreterHint: "Ví dụ: tiếng Mông, tiếng Dao.",
  ethnicityHint:
    "Dân tộc là thông tin nhạy cảm. Hội chỉ dùng để thống kê số người tham dự theo dân tộc, và chỉ ghi khi chị đồng ý.",
  consent: "Tôi đồng ý để Hội LHPN dùng các thông tin trên để tổ chức sự kiện và liên lạc với tôi về sự kiện này.",
  submit: "Gửi đăng ký",
} as const satisfies Messages;

/** The page after registering. */
export const registered = {
  title: "Đăng ký thành công",
  heading: "Đăng ký thành công",
  waitHeading: "Chị đã vào danh sách chờ",
  position: (p: { n: number }) => `Vị trí trong danh sách chờ: số ${p.n}.`,
  notStored: "Dân tộc chưa được ghi lại vì chị chưa đánh dấu ô đồng ý riêng.",
  code: "Mã đăng ký của chị:",
  codeHint: "Hãy ghi lại mã này và đọc cho ban tổ chức khi đến.",
  mailed: "Chúng tôi đã gửi thư xác nhận vào e-mail của chị.",
  manage: "Xem hoặc hủy đăng ký",
} as const satisfies Messages;

/** The page behind the link in her e-mail. */
export const registrationLink = {
  heading: "Đăng ký của chị",
  name: "Họ và tên",
  phone: "Điện thoại",
  code: "Mã đăng ký",
  status: "Trạng thái",
  position: "Vị trí chờ",
  statuses: { confirmed: "đã có chỗ", waitlisted: "trong danh sách chờ", cancelled: "đã hủy" },
  cancelHint: "Nếu không đến được, xin hủy để nhường chỗ cho người khác.",
  cancel: "Hủy đăng ký",
} as const satisfies Messages;

/** The page after she cancelled. */
export const cancelled = {
  heading: "Đã hủy đăng ký",
  thanks: "Cảm ơn chị đã báo. Chỗ của chị sẽ được nhường cho người trong danh sách chờ.",
} as const satisfies Messages;

/** A phone number that already has a registration for the event: beside the field, and as the problem's detail. */
export const alreadyRegistered = {
  field:
    "Số điện thoại này đã có đăng ký cho sự kiện này. Muốn thay đổi, hãy dùng đường link trong e-mail xác nhận hoặc liên hệ ban tổ chức.",
  detail:
    "Số điện thoại này đã có đăng ký cho sự kiện này. Đường link trong e-mail xác nhận hoặc ban tổ chức có thể thay đổi đăng ký đó.",
} as const satisfies Messages;

/** What stops a cancellation. */
export const cancelProblems = {
  already: "Đăng ký đã được hủy",
  alreadyDetail: "Đăng ký này đã được hủy trước đó. Không cần làm gì thêm.",
  inTheHall: "Người này đã có mặt (đã điểm danh hoặc đăng ký tại chỗ): không hủy.",
} as const satisfies Messages;

/** A post without a button's action: the title is shared, the detail names the page's buttons. */
export const noAction = {
  title: "Chưa chọn thao tác",
} as const satisfies Messages;

export const noCancelAction = {
  detail: "Hãy bấm nút Hủy đăng ký trên trang nếu chị muốn hủy.",
} as const satisfies Messages;
