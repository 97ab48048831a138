import type { Messages } from "../catalogue.ts";

/** The leaders' on-time report (shared/reports/): its page, its charts and its CSV file. */
export const leadersPage = {
  title: "Báo cáo trả lời đúng hạn",
  heading: (p: { unit: string }) => `Báo cáo trả lời đúng hạn: ${p.unit}`,
  month: (p: { month: number; year: number }) => `Tháng ${p.month}/${p.year}`,
  quarter: (p: { quarter: number; year: number }) => `Quý ${p.quarter}/${p.year}`,
  year: (p: { year: number }) => `Năm ${p.year}`,
  range: (p: { from: string; to: string }) => `Từ ${p.from} đến ${p.to}`,
  asOf: (p: { day: string }) => `Kiến nghị quá hạn tính đến ngày ${p.day}.`,
  contents: "Nội dung báo cáo",
  period: "Kỳ báo cáo",
  months: "Theo tháng",
  quarters: "Theo quý",
  years: "Theo năm",
  show: "Xem",
  csv: "Tải danh sách kiến nghị của kỳ (CSV, mở bằng Excel)",
  summary: "Tổng quan",
  agencies: "Cơ quan trả lời",
  overdue: "Đang quá hạn",
  noOverdue: "Không có kiến nghị nào quá hạn.",
  commitments: "Cam kết",
  commitmentsLine: (p: { made: number; kept: number; keptOnTime: number; overdueNow: number }) =>
    `Trong kỳ có ${p.made} cam kết; đã thực hiện ${p.kept} (đúng hạn ${p.keptOnTime}). Đang quá hạn: ${p.overdueNow}.`,
  noOverdueCommitments: "Không có cam kết nào quá hạn.",
  union: "Các bước của Hội Phụ nữ",
  screening: "Hội cơ sở tiếp nhận",
  approval: "Hội cấp trên duyệt (kiến nghị của từng xã)",
  communes: "Theo xã, thị trấn",
  categories: "Theo lĩnh vực",
  gender: "Theo giới tính người kiến nghị",
  ethnicity: "Theo dân tộc (chỉ người kiến nghị đồng ý cho biết)",
  byStatus: "Kiến nghị nhận trong kỳ, tình trạng hiện nay",
  none: "Không có số liệu trong kỳ này.",
  notes: "Cách tính",
  noteOnTime:
    "Trả lời đúng hạn: mọi bước cơ quan giữ kiến nghị (xác nhận đã nhận, trả lời) đều xong trong hạn. Tính trên các câu trả lời trong kỳ có ghi nhận hạn.",
  noteDays:
    "Ngày làm việc: không tính thứ Bảy, Chủ nhật, ngày lễ, Tết. Trung vị: một nửa số kiến nghị nhanh hơn, một nửa chậm hơn.",
  noteResolved:
    "Đã giải quyết: ý kiến của chính người kiến nghị về câu trả lời, trên tổng số ý kiến nhận được trong kỳ.",
  noteSteps:
    "Các bước của Hội: mỗi lần một bước kết thúc được tính theo hạn của lần đó (kể cả khi hỏi thêm thông tin).",
  noteSmall: (p: { n: number }) =>
    `Nhóm có dưới ${p.n} kiến nghị chỉ ghi “< ${p.n}”, để không ai bị nhận ra qua con số.`,
  noteProtected:
    "Kiến nghị được bảo vệ (bạo lực gia đình, bạo lực giới, hoặc người kiến nghị không muốn cơ quan biết tên) vẫn được tính trong mọi con số, nhưng không nêu mã, lĩnh vực, xã.",
} as const satisfies Messages;

/** The names of the report's columns, on the page and in the CSV file. */
export const leadersColumns = {
  agency: "Cơ quan",
  unit: "Hội cơ sở",
  commune: "Xã",
  category: "Lĩnh vực",
  group: "Nhóm",
  status: "Tình trạng",
  count: "Số kiến nghị",
  received: "Nhận",
  answered: "Đã trả lời",
  onTime: "Đúng hạn",
  median: "Trung vị (ngày làm việc)",
  resolved: "Đã giải quyết, theo người kiến nghị",
  overdueNow: "Quá hạn hiện nay",
  code: "Mã tra cứu",
  holder: "Đang ở",
  step: "Bước",
  due: "Hạn",
  daysOverdue: "Quá hạn (ngày làm việc)",
  receivedDay: "Ngày gửi",
  forwardedDay: "Ngày chuyển cơ quan",
  answeredDay: "Ngày trả lời",
  workingDays: "Số ngày làm việc để trả lời",
  verdict: "Ý kiến người kiến nghị",
} as const satisfies Messages;

/** How the report writes its values. */
export const leadersValues = {
  ratio: (p: { percent: number; count: number; of: number }) => `${p.percent}% (${p.count}/${p.of})`,
  percent: (p: { n: number }) => `${p.n}%`,
  day: (p: { day: number; month: number; year: number }) =>
    `${String(p.day).padStart(2, "0")}/${String(p.month).padStart(2, "0")}/${p.year}`,
  /** The decimal separator of a median such as 6,5. */
  decimal: ",",
  fewer: (p: { n: number }) => `< ${p.n}`,
  protected: "Kiến nghị được bảo vệ",
  notStated: "Không cho biết",
  onTime: "Đúng hạn",
  late: "Trễ hạn",
  resolved: "Đã giải quyết",
  not_resolved: "Chưa giải quyết",
  not_yet: "Đang giải quyết",
} as const satisfies Messages;

/** The deadline steps, as the overdue list names them. */
export const leadersSteps = {
  screening: "Hội cơ sở tiếp nhận",
  approval: "Hội cấp trên duyệt",
  acknowledgement: "Cơ quan xác nhận đã nhận",
  answer: "Cơ quan trả lời",
} as const satisfies Messages;

/** The charts' accessible names: what a screen reader says instead of the bars. */
export const leadersCharts = {
  onTime: "Tỷ lệ trả lời đúng hạn theo cơ quan",
  receivedByCommune: "Số kiến nghị nhận được theo xã",
  noAnswer: "chưa có câu trả lời",
} as const satisfies Messages;

/** The e-mails a leader gets: her link to the report (`npm run leader-link`), and each month's summary. */
export const leaderMail = {
  linkSubject: "Báo cáo trả lời kiến nghị đúng hạn",
  linkLead: (p: { unit: string }) =>
    `Đây là đường link riêng của chị để xem báo cáo trả lời kiến nghị đúng hạn của ${p.unit}: cơ quan nào trả lời, trả lời đúng hạn bao nhiêu, chị em có hài lòng không, và kiến nghị nào đang quá hạn. Xin đừng chuyển link này cho người khác.`,
  open: "Xem báo cáo",
  monthSubject: (p: { month: string }) => `Tổng hợp kiến nghị tháng ${p.month}`,
  monthLead: (p: { unit: string; month: string }) => `Tình hình kiến nghị của ${p.unit} trong tháng ${p.month}:`,
  received: "Kiến nghị nhận được",
  answered: "Đã được trả lời",
  onTime: "Trả lời đúng hạn",
  resolved: "Chị em cho biết đã được giải quyết",
  overdue: "Đang quá hạn hôm nay",
} as const satisfies Messages;
