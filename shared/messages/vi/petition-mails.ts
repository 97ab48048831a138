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
  verdictAsk: {
    subject: "Vấn đề của chị đã được giải quyết chưa?",
    lead: (p: { agency: string }) =>
      `${p.agency} đã trả lời kiến nghị của chị. Xin cho biết vấn đề đã được giải quyết chưa: bấm nút bên dưới và chọn "Đã được giải quyết", "Chưa được giải quyết" hoặc "Chưa đến lúc biết". Ý kiến của chị giúp Hội Phụ nữ biết cơ quan nào giải quyết tốt.`,
  },
  autoClosed: {
    subject: "Kiến nghị đã kết thúc",
    lead: "Kiến nghị của chị đã có trả lời và đã kết thúc vì chưa nhận được phản hồi của chị. Nếu vấn đề chưa được giải quyết, xin liên hệ Hội Phụ nữ xã hoặc gửi kiến nghị mới.",
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
  verdictAskOfficer: {
    subject: "Xin hỏi ý kiến người kiến nghị về câu trả lời",
    lead: "Kiến nghị dưới đây đã có trả lời. Người kiến nghị không có e-mail: xin gọi điện hỏi chị vấn đề đã được giải quyết chưa, rồi ghi lại ý kiến của chị bằng nút bên dưới.",
  },
  autoClosedNotice: {
    subject: "Kiến nghị đã tự động kết thúc",
    lead: "Kiến nghị dưới đây đã có trả lời và đã tự động kết thúc vì người kiến nghị không phản hồi.",
  },
  deadline: (p: { due: string; state: string }) => `Hạn xử lý: ${p.due}${p.state ? ` (${p.state})` : ""}.`,
  reminder: {
    subject: "Nhắc hạn xử lý kiến nghị",
    lead: "Kiến nghị dưới đây đang chờ đơn vị của chị xử lý. Xin xử lý trước hạn.",
  },
  overdue: {
    subject: "Kiến nghị đã quá hạn xử lý",
    lead: "Kiến nghị dưới đây đã quá hạn xử lý. Xin xử lý ngay: người kiến nghị đang chờ.",
  },
  escalated: {
    subject: "Kiến nghị quá hạn cần Hội cấp trên can thiệp",
    lead: (p: { holder: string; unit: string }) =>
      `Kiến nghị dưới đây đã quá hạn mà ${p.holder} chưa xử lý. ${p.unit} có thể nhắc nơi đang giữ, chuyển sang cơ quan khác (khi kiến nghị đang ở cơ quan) hoặc trực tiếp xử lý, bằng nút bên dưới.`,
  },
  nudged: {
    subject: "Hội cấp trên nhắc xử lý kiến nghị",
    lead: "Hội Liên hiệp Phụ nữ cấp trên nhắc xử lý kiến nghị dưới đây:",
  },
  digest: {
    subject: (p: { n: number }) => `Tổng hợp hằng tuần: ${p.n} kiến nghị đang chờ cơ quan trả lời`,
    lead: (p: { agency: string; n: number }) =>
      `Tuần này ${p.agency} đang giữ ${p.n} kiến nghị do Hội Liên hiệp Phụ nữ chuyển đến, cũ nhất trước. Mỗi kiến nghị có đường link để xác nhận, trả lời hoặc trả lại.`,
    since: "Nhận từ",
    more: (p: { n: number }) => `Và ${p.n} kiến nghị khác: xem trong các thư chuyển kiến nghị.`,
  },
  undelivered: {
    subject: "Kiến nghị chưa đến được nơi xử lý",
    lead: (p: { holder: string; address: string }) =>
      `Thư chuyển kiến nghị dưới đây đến ${p.holder} (${p.address}) bị trả lại: địa chỉ không nhận thư. Kiến nghị chưa đến tay ai. Xin chuyển cơ quan khác hoặc trực tiếp xử lý bằng nút bên dưới, và báo bộ phận vận hành sửa địa chỉ.`,
  },
  petitionerUnreachable: {
    subject: "Không gửi được thư cho người kiến nghị",
    lead: "Thư gửi người kiến nghị bị trả lại: địa chỉ e-mail chị ghi không nhận thư. Xin liên hệ chị qua điện thoại để báo tình hình kiến nghị.",
  },
  stepMoved: {
    subject: "Kiến nghị đã được chuyển khỏi đơn vị",
    lead: "Hội Liên hiệp Phụ nữ cấp trên đã chuyển kiến nghị này cho nơi khác xử lý. Đơn vị của chị không cần xử lý thêm; đường link trước đây không còn dùng được.",
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
