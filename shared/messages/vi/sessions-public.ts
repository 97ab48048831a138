import type { Messages } from "../catalogue.ts";

/** A dialogue session's public follow-up page (shared/sessions/public-page.ts), on screen and on paper. */
export const sessionPage = {
  kicker: "Theo dõi kết quả đối thoại chính sách",
  when: "Thời gian",
  where: "Địa điểm",
  commune: "Xã",
  asOf: (p: { day: string }) => `Số liệu tính đến ngày ${p.day}.`,
  summary: "Tóm tắt",
  raised: "Kiến nghị nêu ra",
  answeredInHall: "Trả lời ngay tại buổi đối thoại",
  answeredLater: "Trả lời sau buổi đối thoại",
  keptOnTime: "Cam kết hoàn thành đúng hạn",
  overdue: "Cam kết quá hạn",
  ofTotal: (p: { n: number; of: number }) => `${p.n}/${p.of}`,
  attendance: "Người tham dự",
  tookPart: (p: { n: number }) => `${p.n} người đã điểm danh tham dự.`,
  tookPartWithheld: "Số người đã điểm danh không ghi ra ở đây, vì quá ít: để không ai bị nhận ra qua con số.",
  counted: (p: { n: number }) => `Ban tổ chức đếm được ${p.n} người trong hội trường.`,
  withheld: "—",
  gender: "Theo giới tính",
  ethnicity: "Theo dân tộc (chỉ người đồng ý cho biết)",
  group: "Nhóm",
  people: "Số người",
  notStated: "Không cho biết",
  fewer: (p: { n: number }) => `< ${p.n}`,
  issues: "Kiến nghị và trả lời",
  noIssues: "Chưa có kiến nghị nào.",
  protectedCount: (p: { n: number }) =>
    `${p.n} kiến nghị được tính trong các con số nhưng không nêu nội dung ở đây: kiến nghị được bảo vệ (bạo lực gia đình, bạo lực giới, hoặc người nêu không muốn công khai tên), kiến nghị gửi trước mà Hội Phụ nữ chưa tiếp nhận, và kiến nghị không được xử lý tiếp.`,
  raisedAt: { session: "Nêu tại hội trường", before: "Gửi trước" },
  answerInHall: "Trả lời tại hội trường",
  answerOn: (p: { day: string }) => `Trả lời ${p.day}`,
  commitment: "Cam kết",
  due: (p: { day: string }) => `hạn ${p.day}`,
  percent: (p: { n: number }) => `đạt ${p.n}%`,
  note: (p: { day: string; note: string }) => `Cập nhật ${p.day}: ${p.note}`,
  standing: {
    kept: "Xong, đúng hạn",
    late: "Xong, trễ hạn",
    overdue: "Quá hạn",
    open: "Đang thực hiện",
  },
  notes: "Cách tính",
  noteAttendance: "Người tham dự: những người đã điểm danh tại cửa (kể cả người đăng ký tại chỗ).",
  noteSmall: (p: { n: number }) =>
    `Nhóm có dưới ${p.n} người chỉ ghi “< ${p.n}”; nếu từ tổng số vẫn tính ra được, một nhóm lớn hơn cũng không ghi số (“—”). Để không ai bị nhận ra qua con số.`,
  noteProtected: "Trang này không nêu tên, số điện thoại, thôn, bản của người nêu kiến nghị.",
  noteOverdue: "Quá hạn: cam kết chưa hoàn thành khi đã qua ngày hạn (theo giờ Việt Nam).",
  day: (p: { day: number; month: number; year: number }) =>
    `${String(p.day).padStart(2, "0")}/${String(p.month).padStart(2, "0")}/${p.year}`,
} as const satisfies Messages;

/** Why there is no follow-up page at this address. */
export const sessionProblems = {
  noSuchSession: "Không có buổi đối thoại chính sách này.",
} as const satisfies Messages;
