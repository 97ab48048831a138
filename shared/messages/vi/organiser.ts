import type { Messages } from "../catalogue.ts";

/**
 * The organiser's pages behind `/g/{token}`: the door, the roster, the counts, the walk-in form. The log line's
 * values come as the stored entry has them.
 */
export const organiser = {
  door: "Điểm danh",
  roster: "Danh sách",
  counts: "Số liệu",
  walkIn: "Đăng ký tại chỗ",
  code: "Mã đăng ký chị ấy đọc",
  codeHint: "Ví dụ: ACD4-79KM. Không cần gõ dấu cách, gạch ngang hay chữ in hoa.",
  checkIn: "Điểm danh",
  find: "Tìm theo tên hoặc số điện thoại",
  search: "Tìm",
  noMatch: "Không tìm thấy ai.",
  registered: "Đăng ký trước",
  checkedIn: "Đã điểm danh",
  walkIns: "Tại chỗ",
  noShows: "Chưa đến",
  waitlisted: "Chờ",
  checkedInOk: "Đã điểm danh",
  overCapacity: "vượt số chỗ",
  already: (p: { name: string; at: string }) => `${p.name} đã điểm danh lúc ${p.at}.`,
  noSuchCode: (p: { typed: string }) =>
    `Không có mã “${p.typed}”. Có thể nghe nhầm một ký tự: hãy hỏi lại, hoặc tìm theo tên.`,
  cancelled: (p: { name: string }) => `Đăng ký của ${p.name} đã bị hủy. Nếu chị ấy vẫn đến, hãy đăng ký tại chỗ.`,
  waiting: (p: { name: string; n: number }) => `${p.name} đang ở danh sách chờ (số ${p.n}), chưa có chỗ.`,
  letIn: "Vẫn cho vào (vượt số chỗ)",
  walkInOk: "Đã đăng ký tại chỗ và điểm danh",
  letInBeyond: "Vượt số chỗ: vẫn nhận khi đã hết chỗ",
  register: "Đăng ký và điểm danh",
  from: "Từ",
  to: "Đến",
  status: "Trạng thái",
  all: "Tất cả",
  statuses: { confirmed: "Có chỗ", waitlisted: "Chờ", cancelled: "Đã hủy" },
  filter: "Lọc",
  busiest: "Những phút nhiều đăng ký nhất",
  arrived: "Lúc đăng ký",
  name: "Họ và tên",
  phone: "Điện thoại",
  select: "Chọn",
  cancelTicked: "Hủy những người đã chọn",
  cancelWindow: "Hủy tất cả trong khoảng thời gian đang lọc",
  notify: "Gửi e-mail báo cho người bị hủy (nếu có e-mail)",
  confirm: (p: { n: number }) => `Hủy ${p.n} đăng ký`,
  previewLead: (p: { n: number }) =>
    `Sẽ hủy ${p.n} đăng ký (người đã điểm danh và người đăng ký tại chỗ không bị hủy). Chỗ trống được chuyển cho người trong danh sách chờ theo thứ tự, kèm e-mail báo tin.`,
  more: (p: { n: number }) => `… và ${p.n} người nữa.`,
  bulkDone: (p: { cancelled: number; promoted: number }) =>
    `Đã hủy ${p.cancelled} đăng ký; ${p.promoted} người trong danh sách chờ đã được nhận chỗ.`,
  remaining: (p: { n: number }) => `Còn ${p.n} đăng ký trong lựa chọn: bấm lại để hủy tiếp.`,
  failed: (p: { n: number }) => `${p.n} đăng ký chưa hủy được vì hệ thống bận: bấm lại để thử tiếp.`,
  log: "Các lần hủy hàng loạt",
  logLine: (p: { at: string; by: string; count: number; promoted: number; what: string }) =>
    `${p.at} UTC · ${p.by}: hủy ${p.count}, chuyển chỗ ${p.promoted} (${p.what})`,
  shown: (p: { n: number; total: number }) => `${p.n} / ${p.total} đăng ký`,
  page: "Trang",
  group: "Nhóm",
  total: "Tổng",
  cancelledCount: (p: { n: number }) => `Đã hủy: ${p.n}.`,
  dimensions: {
    role: "Theo vai trò",
    commune: "Theo xã",
    gender: "Theo giới tính",
    ethnicity: "Theo dân tộc (chỉ người đồng ý khai báo)",
  },
} as const satisfies Messages;

/** What the organiser's buttons can be refused for. */
export const organiserProblems = {
  noAction: "Hãy bấm một nút trên trang.",
  nothingSelected: "Hãy đánh dấu người cần hủy, hoặc chọn khoảng thời gian (từ… đến…).",
} as const satisfies Messages;

/** A walk-in refused at the door (its own section: the public registration's bundle carries it too). */
export const doorProblems = {
  eventFull: "Đã hết chỗ. Nếu vẫn nhận người này, hãy đánh dấu ô “vượt số chỗ”.",
} as const satisfies Messages;

/**
 * The roster and the counts as files and terminal tables for the Union's report (`npm run roster`): Vietnamese
 * only, like every staff document. The group titles are the counts page's (`organiser.dimensions`).
 */
export const roster = {
  columns: {
    code: "Mã đăng ký",
    status: "Trạng thái",
    fullName: "Họ và tên",
    phone: "Điện thoại",
    email: "E-mail",
    gender: "Giới tính",
    birthYear: "Năm sinh",
    ethnicity: "Dân tộc",
    role: "Vai trò",
    commune: "Xã",
    village: "Thôn, bản",
    needsInterpreter: "Cần phiên dịch",
    createdAt: "Thời điểm đăng ký",
    checkedInAt: "Điểm danh lúc",
    walkIn: "Đăng ký tại chỗ",
    overCapacity: "Vượt số chỗ",
  },
  statuses: { confirmed: "Đã có chỗ", waitlisted: "Danh sách chờ", cancelled: "Đã hủy" },
  yes: "Có",
  attendance: {
    registered: "Đăng ký trước",
    checkedIn: "Đã điểm danh",
    walkIns: "Đăng ký tại chỗ",
    noShows: "Vắng, chưa đến",
    waitlisted: "Danh sách chờ",
  },
  summary: (p: { all: number; cancelled: number }) => `Tổng số đăng ký: ${p.all} (đã hủy: ${p.cancelled})`,
  total: "Tổng",
  group: "Nhóm",
  value: "Giá trị",
} as const satisfies Messages;

/** The name of the group of those who did not give a value (their ethnic group, without consent). */
export const countGroups = {
  notGiven: "(không khai báo)",
} as const satisfies Messages;
