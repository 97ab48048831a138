import type { Messages } from "../catalogue.ts";

/** Commitments (shared/petitions/commitments.ts): their mails and their page. */
export const commitmentMail = {
  newSubject: (p: { code: string }) => `Cam kết cần thực hiện (kiến nghị ${p.code})`,
  newLead: (p: { agency: string; by: string; due: string }) =>
    `${p.by} đã cam kết thay mặt ${p.agency} thực hiện việc dưới đây trước ngày ${p.due}. Xin báo tiến độ từ liên kết này mỗi khi có tiến triển, và báo "đã xong" khi hoàn thành.`,
  remindSubject: (p: { code: string; due: string }) => `Nhắc hạn cam kết ngày ${p.due} (kiến nghị ${p.code})`,
  remindLead: (p: { due: string }) => `Cam kết dưới đây đến hạn ngày ${p.due} và chưa được báo hoàn thành.`,
  escalateSubject: (p: { code: string }) => `Cam kết quá hạn chưa thực hiện (kiến nghị ${p.code})`,
  escalateLead: (p: { agency: string; due: string }) =>
    `Cam kết dưới đây của ${p.agency} đã quá hạn (ngày ${p.due}) mà chưa được báo hoàn thành. Hội cấp trên xin đôn đốc; có thể ghi tiến độ nhận được qua điện thoại từ liên kết này.`,
  progressSubject: (p: { code: string }) => `Tiến độ cam kết về kiến nghị ${p.code}`,
  progressLead: (p: { percent: number }) => `Cơ quan đã báo tiến độ cam kết: ${p.percent}%.`,
  doneSubject: (p: { code: string }) => `Cam kết về kiến nghị ${p.code} đã hoàn thành`,
  doneLead: "Cơ quan đã báo cam kết dưới đây đã hoàn thành.",
  what: "Việc cam kết",
  due: "Hạn",
  note: "Ghi chú",
  button: "Mở cam kết, báo tiến độ",
  followButton: "Xem kiến nghị",
} as const satisfies Messages;

export const commitmentPage = {
  title: "Cam kết",
  heading: (p: { code: string }) => `Cam kết về kiến nghị ${p.code}`,
  what: "Việc cam kết",
  agency: "Cơ quan thực hiện",
  madeBy: "Người cam kết",
  madeIn: "Cam kết tại",
  hall: "hội nghị đối thoại",
  answer: "văn bản trả lời",
  due: "Hạn",
  progress: "Tiến độ",
  open: "Đang thực hiện",
  done: "Đã hoàn thành",
  onTime: "đúng hạn",
  late: "quá hạn",
  overdue: "Quá hạn",
  history: "Các lần báo tiến độ",
  noReports: "Chưa có báo cáo tiến độ.",
  reminded: "Đã nhắc hạn",
  escalated: "Đã báo Hội cấp trên",
  petition: "Kiến nghị",
  report: "Báo tiến độ",
  percent: "Phần trăm hoàn thành (0–100)",
  reportNote: "Ghi chú về tiến độ (sẽ hiển thị công khai trên trang theo dõi)",
  markDone: "Đã hoàn thành cam kết",
  submit: "Gửi báo cáo",
  recorded: "Đã ghi nhận báo cáo tiến độ.",
  closed: "Cam kết đã hoàn thành: không cần báo thêm.",
} as const satisfies Messages;

export const commitmentProblems = {
  badDue: "Hạn không đọc được: ghi ngày dạng dd/mm/yyyy (ví dụ 30/06/2027) hoặc số ngày làm việc (ví dụ 20).",
  pastDue: "Hạn phải sau hôm nay.",
  percent: "Ghi một số từ 0 đến 100.",
  backwards: "Tiến độ không thể thấp hơn lần báo trước",
} as const satisfies Messages;

/** The issues of a session as the organiser records them (shared/sessions/issues.ts). */
export const sessionIssue = {
  group: "Một nhóm phụ nữ",
  groupOf: (p: { village: string }) => `Một nhóm phụ nữ ${p.village}`,
  leaders: "Lãnh đạo xã tại hội nghị",
} as const satisfies Messages;

/** The organiser's session record (`/g/{token}?view=record`). */
export const recordPage = {
  title: "Biên bản hội nghị",
  nav: "Biên bản",
  attendance: (p: { n: number }) => `Số người tham dự theo điểm danh: ${p.n}.`,
  open: "Biên bản đang mở: nhập các ý kiến, kiến nghị đã nêu tại hội nghị.",
  closed: (p: { at: string }) => `Biên bản đã hoàn thành lúc ${p.at}.`,
  publicPage: "Trang theo dõi công khai (in ra dán ở bảng tin xã)",
  enter: "Ghi một ý kiến, kiến nghị",
  enterHint:
    "Mỗi lần ghi một ý kiến. Để trống tên nếu chị ấy không muốn ghi tên: ý kiến được ghi là của một nhóm phụ nữ thôn, bản.",
  fullName: "Người nêu (không bắt buộc)",
  phone: "Số điện thoại của chị ấy (không bắt buộc)",
  email: "E-mail của chị ấy (không bắt buộc: để chị ấy được báo kết quả)",
  village: "Thôn, bản",
  category: "Lĩnh vực",
  issueTitle: "Vấn đề (một dòng)",
  content: "Nội dung chi tiết (không bắt buộc)",
  hall: "Nếu đã được trả lời ngay tại hội nghị",
  record: "Ghi ý kiến",
  recorded: (p: { code: string }) => `Đã ghi: mã ${p.code}.`,
  import: "Tải lên bảng tính thư ký đã ghi (.xlsx hoặc .csv)",
  importHint:
    "Mỗi dòng một ý kiến. Các dòng hợp lệ được ghi; dòng có lỗi được báo lại để sửa rồi tải lên lại (dòng đã ghi không bị ghi hai lần).",
  file: "Tệp bảng tính",
  noFile: "Xin chọn tệp bảng tính (.xlsx hoặc .csv) để tải lên.",
  phoneWithEmail:
    "Khi ghi e-mail của chị ấy, xin ghi cả số điện thoại (để chị ấy tự xem và yêu cầu về dữ liệu của mình).",
  commitmentWithoutAnswer: "Cam kết được ghi cùng câu trả lời tại hội nghị: xin ghi cả câu trả lời.",
  notOver: "Hội nghị chưa kết thúc: biên bản được hoàn thành sau hội nghị.",
  upload: "Tải lên",
  template: "Tải mẫu bảng tính (CSV)",
  imported: (p: { n: number; again: number }) =>
    `Đã ghi ${p.n} ý kiến từ bảng tính${p.again > 0 ? ` (${p.again} dòng đã ghi từ lần tải trước)` : ""}.`,
  refused: (p: { n: number }) => `${p.n} dòng chưa ghi được, xin sửa rồi tải lên lại:`,
  row: (p: { row: number }) => `Dòng ${p.row}`,
  issues: "Các ý kiến, kiến nghị của hội nghị",
  none: "Chưa có ý kiến nào.",
  code: "Mã",
  state: "Tình trạng",
  raisedBefore: "gửi trước hội nghị",
  answerInHall: "Ghi nhận đã trả lời tại hội nghị",
  close: "Hoàn thành biên bản",
  closeHint: "Khi đã nhập đủ các ý kiến. Sau đó hệ thống thôi nhắc.",
  counted: "Số người có mặt nếu nhiều hơn số điểm danh (không bắt buộc)",
  closedNotice: "Đã hoàn thành biên bản.",
  answeredNotice: (p: { code: string }) => `Đã ghi nhận câu trả lời tại hội nghị cho ý kiến ${p.code}.`,
  notThisSession: "Ý kiến này không thuộc hội nghị này.",
  notDialogue: "Biên bản chỉ dành cho hội nghị đối thoại.",
} as const satisfies Messages;

/** The dossier of a session's issues for its invited leaders (shared/sessions/dossier.ts). */
export const dossier = {
  subject: (p: { title: string }) => `Ý kiến, kiến nghị gửi trước hội nghị: ${p.title}`,
  lead: (p: { n: number; when: string }) =>
    `Trước hội nghị đối thoại ngày ${p.when}, chị em đã gửi ${p.n} ý kiến, kiến nghị. Xin xem trước để chuẩn bị, và đánh dấu những ý kiến anh/chị sẽ trả lời tại hội nghị.`,
  button: "Xem các ý kiến, đánh dấu ý kiến sẽ trả lời",
  title: "Ý kiến gửi trước hội nghị",
  heading: (p: { title: string }) => `Ý kiến, kiến nghị gửi trước: ${p.title}`,
  intro:
    "Danh tính người gửi được giữ kín theo nguyện vọng của chị em. Đánh dấu những ý kiến anh/chị sẽ trả lời tại hội nghị rồi bấm Gửi.",
  byPlace: "Số ý kiến theo xã, thôn",
  byCategory: "Theo lĩnh vực",
  none: "Chưa có ý kiến nào được gửi trước hội nghị.",
  willAnswer: "Tôi sẽ trả lời ý kiến này tại hội nghị",
  send: "Gửi",
  saved: "Đã lưu: Hội Phụ nữ xã sẽ thấy những ý kiến anh/chị sẽ trả lời.",
  protected: "Một ý kiến được giữ kín (chỉ Hội Phụ nữ biết nội dung)",
  replies: "Lãnh đạo sẽ trả lời tại hội nghị",
  sentAt: (p: { at: string }) => `Đã gửi các ý kiến cho lãnh đạo dự hội nghị lúc ${p.at}.`,
  notYet: "Các ý kiến gửi trước sẽ được gửi cho lãnh đạo dự hội nghị vài ngày làm việc trước hội nghị.",
} as const satisfies Messages;
