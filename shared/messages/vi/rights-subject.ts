import type { Messages } from "../catalogue.ts";

/**
 * What Tiếng Nói holds about one phone number, as plain text (`npm run subject -- --export`, her copy of her data):
 * read to her, printed or sent with the JSON file.
 */
export const subjectSummary = {
  heading: (p: { phone: string; day: string }) =>
    `Dữ liệu cá nhân Tiếng Nói lưu về số điện thoại ${p.phone} (tính đến ngày ${p.day})`,
  nothing: "Không có dữ liệu cá nhân nào được lưu về số điện thoại này.",
  registrations: (p: { n: number }) => `Đăng ký tham dự sự kiện: ${p.n}`,
  registration: (p: { event: string; when: string; status: string; code: string }) =>
    `- ${p.event}, ${p.when}: ${p.status} (mã đăng ký ${p.code})`,
  registrationStatuses: { confirmed: "đã có chỗ", waitlisted: "trong danh sách chờ", cancelled: "đã hủy" },
  held: (p: { fields: string }) => `  Thông tin lưu: ${p.fields}`,
  fields: {
    fullName: "họ tên",
    phone: "số điện thoại",
    email: "e-mail",
    gender: "giới tính",
    birthYear: "năm sinh",
    ethnicity: "dân tộc",
    role: "vai trò",
    commune: "xã",
    village: "thôn, bản",
    needsInterpreter: "nhu cầu phiên dịch",
    title: "tiêu đề",
    content: "nội dung",
    onBehalfOf: "người được kiến nghị thay",
  },
  consent: (p: { at: string }) => `  Chị đồng ý cho xử lý dữ liệu lúc ${p.at}`,
  ethnicityConsent: (p: { at: string }) => `  Chị đồng ý riêng cho biết dân tộc lúc ${p.at}`,
  phoneLock: "  Số điện thoại được ghi lại (dưới dạng mã băm) để mỗi số chỉ đăng ký một lần cho sự kiện này.",
  petitions: (p: { n: number }) => `Kiến nghị: ${p.n}`,
  petition: (p: { code: string; day: string; title: string; status: string }) =>
    `- ${p.code}, gửi ngày ${p.day}: “${p.title}”. ${p.status}`,
  herWords: (p: { n: number }) => `  Lời của chị trong quá trình xử lý: ${p.n} lần`,
  mails: (p: { n: number }) => `Thư điện tử gửi đến địa chỉ của chị: ${p.n}`,
  mail: (p: { at: string; subject: string; status: string }) => `- ${p.at}: ${p.subject} (${p.status})`,
  mailStatuses: { pending: "chưa gửi", sending: "đang gửi", sent: "đã gửi", failed: "không gửi được" },
  bodyHeld: "  Thư chưa gửi: nội dung thư còn được lưu đến khi gửi.",
  requests: (p: { n: number }) => `Yêu cầu của chị về dữ liệu cá nhân: ${p.n}`,
  audit: (p: { n: number }) => `Ghi nhận việc xử lý các yêu cầu đó (không chứa dữ liệu của chị): ${p.n}`,
  notListed:
    "Ngoài những mục trên, hệ thống chỉ lưu các mã băm không thể đảo ngược (của số điện thoại, e-mail, liên kết) và số lần gửi trong ngày, tự xóa sau 2 ngày.",
} as const satisfies Messages;

/** The mail that tells her that her personal data is erased: the last one sent to her address. */
export const erasureMail = {
  subject: "Dữ liệu cá nhân của chị đã được xóa",
  lead: (p: { day: string }) =>
    `Theo yêu cầu của chị, ngày ${p.day} Hội Liên hiệp Phụ nữ đã xóa khỏi Tiếng Nói họ tên, số điện thoại, địa chỉ e-mail, năm sinh, dân tộc và thôn, bản của chị.`,
  counts: (p: { registrations: number; petitions: number }) =>
    `Thông tin cá nhân đã được xóa khỏi ${p.registrations} đăng ký tham dự và ${p.petitions} kiến nghị.`,
  cancelled: (p: { n: number }) =>
    `${p.n} đăng ký cho sự kiện chưa diễn ra đã được hủy; chỗ của chị được nhường cho người đang chờ.`,
  kept: "Tiêu đề, nội dung và câu trả lời của các kiến nghị được giữ lại, không kèm tên chị, để cơ quan vẫn trả lời được và số liệu báo cáo vẫn đúng. Nếu trong nội dung đó có tên hoặc địa chỉ của chị, xin báo Hội Phụ nữ xã để xóa nốt.",
  reference: (p: { ref: string }) => `Mã yêu cầu: ${p.ref}`,
  last: (p: { days: number }) =>
    `Đây là thư cuối cùng gửi đến địa chỉ này. Địa chỉ được xóa cùng thư này sau ${p.days} ngày.`,
} as const satisfies Messages;
