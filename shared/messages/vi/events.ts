import type { Messages } from "../catalogue.ts";

/** What an event is, when and where: on the event's pages and on every registration page. */
export const eventSummary = {
  kinds: { training: "Hội nghị tập huấn", dialogue: "Đối thoại chính sách" },
  when: "Thời gian",
  where: "Địa điểm",
} as const satisfies Messages;

/** Its seats, where a registration can still be made. */
export const seats = {
  left: (p: { n: number }) => `Còn ${p.n} chỗ.`,
  full: "Đã đủ chỗ: đăng ký mới sẽ vào danh sách chờ.",
} as const satisfies Messages;

/** The list of events open for registration. */
export const eventList = {
  title: "Sự kiện",
  heading: "Các sự kiện đang nhận đăng ký",
  none: "Hiện chưa có sự kiện nào nhận đăng ký.",
  register: "Đăng ký",
} as const satisfies Messages;

/** An event's own page. */
export const eventPage = {
  register: "Đăng ký tham dự",
  calendar: "Thêm vào lịch",
} as const satisfies Messages;

/** Why an event takes no registrations: on its page, and as the problem a registration gets. */
export const closedReasons = {
  closed: "Sự kiện này đã ngừng nhận đăng ký.",
  cancelled: "Sự kiện này đã bị hủy.",
  deadline: "Đã hết hạn đăng ký cho sự kiện này.",
  past: "Sự kiện này đã diễn ra.",
} as const satisfies Messages;

/** An event id that names no event: the 404 of an event's address, the message beside a petition's field. */
export const eventProblems = {
  noSuchEvent: "Không có sự kiện này.",
} as const satisfies Messages;
