import type { Messages } from "../catalogue.ts";

/**
 * The words every e-mail to a registered woman shares: the event's rows, her links. In every registration e-mail
 * a subject is followed by ": " and the event's title.
 */
export const participantMail = {
  event: "Sự kiện",
  when: "Thời gian",
  where: "Địa điểm",
  code: "Mã đăng ký",
  status: "Trạng thái",
  confirmed: "Đã có chỗ",
  waitlisted: "Trong danh sách chờ",
  position: "vị trí số",
  calendar: "Thêm vào lịch",
  manage: "Xem hoặc hủy đăng ký",
  codeHint: "Khi đến, chị đọc mã đăng ký này cho ban tổ chức để điểm danh.",
  waitHint: "Khi có người hủy, chị sẽ được nhận chỗ theo thứ tự và nhận e-mail báo tin.",
  manageHint: "Nếu không đến được, xin hủy đăng ký để nhường chỗ cho người khác:",
} as const satisfies Messages;

/** Right after registering: a seat, or a place on the waitlist. */
export const confirmationMail = {
  subject: "Xác nhận đăng ký",
  heading: "Đăng ký của chị đã được xác nhận",
  lead: "Chị đã có chỗ tại sự kiện này.",
  waitSubject: "Đã vào danh sách chờ",
  waitHeading: "Chị đang ở danh sách chờ",
  waitLead: "Sự kiện đã đủ chỗ nên chị được xếp vào danh sách chờ.",
} as const satisfies Messages;

/** A seat freed for the first woman waiting. */
export const promotedMail = {
  subject: "Chị đã có chỗ",
  heading: "Đã có chỗ trống dành cho chị",
  lead: "Có người hủy đăng ký và chị đứng đầu danh sách chờ, nên chị đã có chỗ.",
} as const satisfies Messages;

/** Her registration cancelled, by herself or by the organisers. */
export const cancelledMail = {
  subject: "Đã hủy đăng ký",
  heading: "Đăng ký của chị đã được hủy",
  lead: "Chúng tôi đã hủy đăng ký theo yêu cầu của chị.",
  byOrganiser:
    "Ban tổ chức đã hủy đăng ký này. Nếu chính chị đã đăng ký và vẫn muốn tham dự, xin đăng ký lại hoặc liên hệ ban tổ chức.",
  status: "Đã hủy",
} as const satisfies Messages;

/** Staff e-mails (Vietnamese only: the organisers are the Women's Union's own cadres): the frame they share. */
export const organiserMail = {
  open: "Mở danh sách và điểm danh",
  hint: "Đường link này là của riêng chị, xin đừng chuyển cho người khác.",
} as const satisfies Messages;

/** An organiser's personal link (`npm run organiser-link`). */
export const organiserLinkMail = {
  subject: "Danh sách đăng ký và điểm danh",
  lead: "Đây là đường link để chị xem danh sách đăng ký, số liệu tham dự, điểm danh tại cửa và đăng ký tại chỗ cho người chưa đăng ký.",
  recordSubject: "Nhắc hoàn thành biên bản hội nghị đối thoại",
  recordLead: (p: { days: number }) =>
    `Hội nghị đã kết thúc ${p.days} ngày. Xin nhập các ý kiến, kiến nghị đã nêu tại hội nghị (hoặc tải lên bảng tính thư ký đã ghi), ghi nhận các câu trả lời tại chỗ, rồi bấm "Hoàn thành biên bản". Hệ thống sẽ nhắc lại cho đến khi biên bản được hoàn thành.`,
} as const satisfies Messages;

/** The burst watch's alert: far more registrations in a minute than the event ever sees. */
export const burstMail = {
  subject: "Đăng ký tăng đột biến",
  lead: (p: { arrivals: number }) =>
    `Trong khoảng một phút vừa qua có ${p.arrivals} lượt đăng ký, cao hơn nhiều so với bình thường. Nếu đây là những người thật (ví dụ cả hội trường cùng đăng ký), chị không cần làm gì. Nếu là số điện thoại bịa ra để chiếm chỗ, chị mở danh sách, lọc theo khoảng thời gian đó và hủy hàng loạt: người trong danh sách chờ sẽ được nhận chỗ theo thứ tự.`,
} as const satisfies Messages;
