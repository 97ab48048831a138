import type { Messages } from "../catalogue.ts";

/**
 * The e-mails a petitioner gets, in her language: the frame they share, then one subject and lead per kind. A
 * subject is followed by ": " and the tracking code.
 */
export const petitionerMail = {
  open: "Xem kiến nghị của chị",
  follow: "Theo dõi kiến nghị",
  receipt: {
    subject: "Đã nhận kiến nghị",
    lead: (p: { title: string; code: string }) =>
      `Chúng tôi đã nhận kiến nghị "${p.title}" của chị. Hãy giữ mã tra cứu ${p.code} để theo dõi.`,
    /** To an address that never answered a mail: nothing typed into the form, only the code. */
    leadAnyone: (p: { code: string }) =>
      `Hội Liên hiệp Phụ nữ đã nhận một kiến nghị gửi kèm địa chỉ e-mail này. Mã tra cứu của kiến nghị là ${p.code}: hãy giữ mã này để theo dõi.`,
    notYou: "Nếu chị không gửi kiến nghị nào, xin bỏ qua thư này.",
  },
  needsInfo: {
    subject: "Cần bổ sung thông tin",
    lead: "Xin chị bổ sung thông tin được hỏi dưới đây, bằng nút bên dưới.",
  },
  rejected: {
    subject: "Kiến nghị không được tiếp nhận",
    lead: "Kiến nghị của chị không được tiếp nhận, với lý do:",
  },
  forwarded: {
    subject: "Kiến nghị đã được chuyển",
    lead: (p: { agency: string }) => `Kiến nghị của chị đã được chuyển đến ${p.agency} để trả lời.`,
  },
  answered: {
    subject: "Kiến nghị đã có trả lời",
    lead: (p: { agency: string }) => `${p.agency} đã trả lời:`,
  },
  duplicate: {
    subject: "Kiến nghị trùng nội dung",
    lead: (p: { other: string }) =>
      `Kiến nghị của chị trùng nội dung với kiến nghị ${p.other} đang được xử lý: xin theo dõi kiến nghị đó.`,
  },
} as const satisfies Messages;

/**
 * The e-mails the Union's officers and the agencies get: Vietnamese only (staff read Vietnamese). The petition's
 * rows, the links, then one subject (followed by ": " and the tracking code) and lead per kind.
 */
export const staffMail = {
  code: "Mã tra cứu",
  title: "Tiêu đề",
  category: "Lĩnh vực",
  place: "Nơi phát sinh",
  content: "Nội dung",
  petitioner: "Người kiến nghị",
  onBehalfOf: "Thay mặt",
  enteredBy: "Cán bộ nhập thay",
  hidden: "(được giữ kín theo nguyện vọng của người kiến nghị)",
  open: "Xem và xử lý kiến nghị",
  intake: "Nhập kiến nghị thay cho chị em (đường link riêng của chị)",
  toScreener: {
    subject: "Kiến nghị mới cần tiếp nhận",
    lead: "Có kiến nghị mới từ xã của chị, cần xem xét và tiếp nhận.",
  },
  toApprover: {
    subject: "Kiến nghị cần duyệt",
    lead: "Hội Phụ nữ xã đã tiếp nhận kiến nghị này. Xin duyệt và chuyển cơ quan có thẩm quyền.",
  },
  toAgency: {
    subject: "Kiến nghị chuyển đến cơ quan",
    lead: (p: { agency: string }) =>
      `Hội Liên hiệp Phụ nữ chuyển đến ${p.agency} kiến nghị sau đây, đề nghị xác nhận và trả lời.`,
  },
  returned: {
    subject: "Cơ quan trả lại kiến nghị",
    lead: "Cơ quan được chuyển đã trả lại kiến nghị vì không thuộc thẩm quyền. Xin chuyển cơ quan khác hoặc không tiếp nhận.",
  },
  infoOnBehalf: {
    subject: "Cần bổ sung thông tin (người gửi không có e-mail)",
    lead: "Người gửi không có e-mail. Xin liên hệ chị qua điện thoại và nhập thông tin bổ sung thay chị.",
  },
  officerAnswered: {
    subject: "Kiến nghị chị nhập thay đã có trả lời",
    lead: "Kiến nghị chị nhập thay cho chị em đã có trả lời. Xin báo lại cho người kiến nghị.",
  },
  withdrawn: {
    subject: "Kiến nghị đã được rút",
    lead: "Người gửi đã rút kiến nghị này. Không cần xử lý thêm.",
  },
} as const satisfies Messages;

/** An officer's personal intake link (`npm run officer-link`): staff read Vietnamese. */
export const officerLinkMail = {
  subject: "Đường link nhập kiến nghị thay cho chị em",
  heading: "Đường link nhập kiến nghị",
  lead: (p: { name: string }) =>
    `Chào ${p.name}, đây là đường link riêng để chị nhập kiến nghị thay cho chị em (những người nêu ý kiến tại buổi đối thoại hoặc gọi điện đến). Xin đừng chuyển link này cho người khác.`,
  button: "Nhập kiến nghị",
} as const satisfies Messages;
