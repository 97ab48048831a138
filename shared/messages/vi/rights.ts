import type { Messages } from "../catalogue.ts";

/**
 * Her data rights (shared/rights/): "Dữ liệu của tôi" behind her own link, the requests she (or an officer at her
 * side) makes, the page and mails the commune union acts from, and her receipts.
 */

/** What each request asks, as pages and mails name it. */
export const rightsKinds = {
  correct: "Sửa họ tên, e-mail",
  "correct-phone": "Sửa số điện thoại",
  "withdraw-consent": "Rút lại đồng ý ghi nhận dân tộc",
  copy: "Xin bản sao dữ liệu",
  erase: "Xóa dữ liệu",
} as const satisfies Messages;

/** The link to "Dữ liệu của tôi" on her own pages (a section of its own: those pages bundle nothing else of it). */
export const rightsLink = {
  link: "Dữ liệu của tôi: xem, sửa, xin bản sao, yêu cầu xóa",
} as const satisfies Messages;

/** Her own page: what is held about her from one registration or petition, and what she may do about it. */
export const myData = {
  title: "Dữ liệu của tôi",
  intro: (p: { source: string }) =>
    `Đây là những thông tin Hội Liên hiệp Phụ nữ đang lưu về chị từ ${p.source}. Chị có quyền xem, sửa, rút lại sự đồng ý, xin bản sao và yêu cầu xóa dữ liệu của mình (Luật Bảo vệ dữ liệu cá nhân năm 2025).`,
  fromRegistration: (p: { event: string }) => `đăng ký tham dự “${p.event}”`,
  fromPetition: (p: { title: string }) => `kiến nghị “${p.title}”`,
  thisItem: { registration: "đăng ký này", petition: "kiến nghị này" },
  held: "Thông tin đang lưu",
  name: "Họ và tên",
  phone: "Số điện thoại",
  phoneHint: "Chỉ hiện 3 số cuối, vì ai có đường link này cũng xem được trang này.",
  email: "E-mail",
  none: "Không có",
  gender: "Giới tính",
  birthYear: "Năm sinh",
  ethnicity: "Dân tộc",
  ethnicityConsent: "Đồng ý ghi nhận dân tộc",
  consent: "Đồng ý sử dụng thông tin",
  consentLine: (p: { version: string; at: string }) => `${p.at} (văn bản đồng ý ${p.version})`,
  commune: "Xã",
  village: "Thôn, bản",
  role: "Vai trò",
  interpreter: "Cần phiên dịch",
  onBehalfOf: "Thay mặt cho",
  correctHeading: "Sửa họ tên hoặc e-mail",
  correctHint: (p: { item: string }) =>
    `Thay đổi có hiệu lực ngay trên ${p.item}. Để trống ô e-mail nếu chị không muốn nhận thư nữa.`,
  correctButton: "Lưu thay đổi",
  phoneHeading: "Sửa số điện thoại",
  phoneWhy:
    "Số điện thoại là cách Hội nhận ra chị và liên lạc với chị, và mọi thông tin của chị được tìm theo số này. Ai có đường link này cũng bấm được nút, nên Hội không đổi số chỉ vì một lần bấm: cán bộ Hội cơ sở sẽ liên lạc với chị (qua e-mail nếu có, hoặc gặp trực tiếp) để xác nhận số mới rồi mới sửa.",
  phoneButton: "Đề nghị Hội sửa số điện thoại",
  withdrawHeading: "Rút lại đồng ý ghi nhận dân tộc",
  withdrawHint: (p: { item: string }) =>
    `Dân tộc của chị và thời điểm chị đồng ý sẽ bị xóa ngay khỏi ${p.item}. Việc này không ảnh hưởng gì đến quyền lợi của chị.`,
  withdrawButton: "Rút lại đồng ý và xóa dân tộc",
  noEthnicity: (p: { item: string }) => `Không có thông tin dân tộc nào được lưu ở ${p.item}.`,
  copyHeading: "Xin bản sao dữ liệu",
  copyHint: "Hội sẽ gửi chị bản sao mọi thông tin đang lưu về chị (mọi đăng ký và kiến nghị có số điện thoại này).",
  copyButton: "Gửi yêu cầu bản sao",
  eraseHeading: "Yêu cầu xóa dữ liệu",
  eraseHint:
    "Hội sẽ xóa họ tên, số điện thoại, e-mail và các thông tin cá nhân khác của chị ở mọi đăng ký và kiến nghị có số điện thoại này. Sau khi xóa, Hội không thể liên lạc với chị về các đăng ký và kiến nghị đó nữa.",
  eraseConfirm: "Tôi hiểu rằng sau khi xóa, Hội không thể liên lạc với tôi về các đăng ký và kiến nghị này.",
  eraseButton: "Gửi yêu cầu xóa",
  deadlines: (p: { ack: number; complete: number }) =>
    `Hội cơ sở xác nhận đã nhận yêu cầu trong ${p.ack} ngày làm việc và thực hiện trong ${p.complete} ngày.`,
  requestsHeading: "Các yêu cầu của chị",
  request: "Yêu cầu",
  receivedAt: "Ngày nhận",
  status: "Tình trạng",
  statusOpen: (p: { day: string }) => `Đã nhận, Hội sẽ xác nhận trước hết ${p.day}`,
  statusAcknowledged: (p: { day: string }) => `Hội đã xác nhận, sẽ thực hiện trước hết ${p.day}`,
  statusCompleted: (p: { at: string }) => `Đã thực hiện lúc ${p.at}`,
  erased: (p: { item: string }) => `Hội không còn lưu thông tin cá nhân nào của chị ở ${p.item}.`,
  otherItems: (p: { item: string }) =>
    `Việc sửa và rút lại đồng ý ở đây chỉ áp dụng cho ${p.item}. Mỗi đăng ký, kiến nghị khác có đường link riêng trong e-mail của chị; chị cũng có thể nhờ cán bộ Hội LHPN xã.`,
  nothingChanged: "Thông tin chị gửi giống hệt thông tin đang lưu: không có gì thay đổi.",
  changedMeanwhile: "Thông tin vừa được thay đổi ở nơi khác. Mời chị xem lại rồi thử lại.",
  confirmRequired: "Vui lòng đánh dấu ô này để xác nhận chị muốn xóa.",
  noAction: "Không rõ chị muốn làm gì",
  noActionDetail: "Hãy bấm một trong các nút trên trang.",
} as const satisfies Messages;

/** What her button did: done at once (a correction, a withdrawal), or received for the union to carry out. */
export const myDataDone = {
  doneHeading: "Đã thực hiện",
  corrected: (p: { item: string }) => `Họ tên và e-mail trên ${p.item} đã được sửa.`,
  withdrawn: (p: { item: string }) =>
    `Đã xóa dân tộc của chị và thời điểm chị đồng ý khỏi ${p.item}. Hội không còn lưu thông tin này.`,
  receivedHeading: "Hội đã nhận yêu cầu của chị",
  kind: (p: { kind: string }) => `Yêu cầu: ${p.kind}.`,
  due: (p: { ack: string; complete: string }) =>
    `Hội cơ sở sẽ xác nhận đã nhận trước hết ${p.ack} và thực hiện trước hết ${p.complete}.`,
  unit: (p: { unit: string }) => `Đơn vị phụ trách: ${p.unit}.`,
  mailed: "Một thư xác nhận đã được gửi tới e-mail của chị.",
  already: (p: { at: string }) => `Hội đã nhận yêu cầu này lúc ${p.at} và đang xử lý: chị không cần gửi lại.`,
  back: "Quay lại trang Dữ liệu của tôi",
} as const satisfies Messages;

/** The commune union's page behind its link: who asks, what, by when, what to do, and its two buttons. */
export const requestPage = {
  title: "Yêu cầu về dữ liệu cá nhân",
  heading: (p: { kind: string }) => `Yêu cầu về dữ liệu cá nhân: ${p.kind}`,
  kind: "Loại yêu cầu",
  received: "Nhận lúc",
  channel: "Cách gửi",
  viaLink: "Chị ấy tự gửi từ đường link của mình",
  viaOfficer: (p: { name: string; unit: string }) => `Cán bộ ${p.name} (${p.unit}) ghi nhận giúp khi chị ấy ở bên`,
  unit: "Đơn vị phụ trách",
  ackDue: "Hạn xác nhận đã nhận",
  completeDue: "Hạn thực hiện",
  acknowledged: "Đã xác nhận",
  completed: "Đã thực hiện",
  by: (p: { at: string; by: string }) => `${p.at} · ${p.by}`,
  not: "Chưa",
  note: "Ghi chú của cán bộ",
  who: "Người yêu cầu",
  whoHint:
    "Họ tên và số điện thoại của chị ấy chỉ hiện trên trang này, không có trong e-mail: thư có thể được lưu lại và chuyển tiếp, còn trang này cần đường link của chị.",
  noItems: "Không còn đăng ký hay kiến nghị nào mang số điện thoại này.",
  from: "Từ",
  todo: "Việc cần làm",
  todoCopy:
    "Trước hết gọi vào số điện thoại dưới đây hoặc gặp chị ấy để xác nhận số đó là của chị ấy (ai điền số đó vào biểu mẫu cũng có đường link): bản sao gồm mọi thông tin lưu theo số đó. Sau đó bộ phận kỹ thuật chạy lệnh dưới đây (lệnh tự ghi nhận đã thực hiện), rồi chuyển tệp cho chị ấy trực tiếp hoặc qua địa chỉ chị ấy đã xác nhận.",
  todoErase:
    "Trước hết gọi vào số điện thoại dưới đây hoặc gặp chị ấy để xác nhận số đó là của chị ấy và chị ấy muốn xóa (ai điền số đó vào biểu mẫu cũng có đường link): việc xóa lấy đi mọi thông tin lưu theo số đó. Sau đó nhờ bộ phận kỹ thuật chạy lệnh dưới đây (lệnh tự ghi nhận đã thực hiện).",
  todoCorrect:
    "Liên lạc với chị ấy để biết cần sửa gì. Chị ấy có thể tự sửa họ tên, e-mail trên trang “Dữ liệu của tôi” (đường link trong e-mail của chị ấy); nếu không, nhờ bộ phận kỹ thuật sửa, rồi bấm “Đã thực hiện xong”.",
  todoPhone:
    "Liên lạc với chị ấy qua e-mail hoặc gặp trực tiếp để xác nhận số mới (gọi vào số cũ không chứng minh được là chị ấy), rồi nhờ bộ phận kỹ thuật sửa và bấm “Đã thực hiện xong”.",
  todoWithdraw:
    "Chị ấy rút lại đồng ý ghi nhận dân tộc. Chị ấy có thể tự làm ngay trên trang “Dữ liệu của tôi”; nếu không, nhờ bộ phận kỹ thuật xóa dân tộc ở các đăng ký, kiến nghị của chị ấy, rồi bấm “Đã thực hiện xong”.",
  command: "Lệnh",
  acknowledge: "Đã nhận yêu cầu",
  acknowledgeHint: "Bấm khi Hội đã xác nhận với chị ấy là đã nhận yêu cầu.",
  complete: "Đã thực hiện xong",
  acknowledgedDone: "Đã ghi nhận: Hội đã xác nhận yêu cầu.",
  completedDone: "Đã ghi nhận: yêu cầu đã được thực hiện.",
  alreadyAcknowledged: (p: { at: string }) => `Yêu cầu này đã được xác nhận lúc ${p.at}.`,
  alreadyCompleted: (p: { at: string }) => `Yêu cầu này đã được thực hiện lúc ${p.at}.`,
} as const satisfies Messages;

/** An officer records a request for a woman at her side (a section of her intake page). */
export const officerRequest = {
  link: "Ghi yêu cầu về dữ liệu của chị em (xem, sửa, bản sao, xóa)",
  heading: "Ghi yêu cầu về dữ liệu của chị em",
  intro:
    "Khi một phụ nữ ở bên chị muốn sửa, rút lại đồng ý, xin bản sao hoặc xóa dữ liệu của mình, hãy ghi lại yêu cầu ở đây. Hội cơ sở phụ trách sẽ nhận thư và thực hiện trong hạn.",
  phone: "Số điện thoại của chị ấy",
  phoneHint: "Số chị ấy đã dùng khi đăng ký hoặc gửi kiến nghị.",
  kind: "Chị ấy yêu cầu",
  note: "Ghi chú (không bắt buộc)",
  noteHint: "Điều Hội cần biết để thực hiện, ví dụ cần sửa mục nào. Đừng chép lại thông tin cá nhân của chị ấy.",
  submit: "Ghi nhận yêu cầu",
  receiptHeading: "Đã ghi nhận yêu cầu",
  handHer: "Đọc hoặc chép cho chị ấy giữ:",
  reference: "Mã yêu cầu",
  another: "Ghi một yêu cầu khác",
} as const satisfies Messages;

/** Her receipt, to the address she gave: fixed words and dates only (an address typed into a form may be anyone's). */
export const receiptMail = {
  subject: (p: { kind: string }) => `Hội đã nhận yêu cầu của chị: ${p.kind}`,
  doneSubject: (p: { kind: string }) => `Đã thực hiện yêu cầu của chị: ${p.kind}`,
  heading: "Hội đã nhận yêu cầu về dữ liệu của chị",
  doneHeading: "Yêu cầu về dữ liệu của chị đã được thực hiện",
  received: "Nhận lúc",
  kind: "Yêu cầu",
  ackDue: "Hội xác nhận trước hết",
  completeDue: "Hội thực hiện trước hết",
  notYou: "Nếu không phải chị gửi yêu cầu này, hãy báo ngay cho Hội LHPN xã.",
  changedSubject: "E-mail trong thông tin của chị đã được đổi",
  changedHeading: "E-mail trong thông tin của chị đã được đổi",
  changedLead: (p: { at: string }) =>
    `Lúc ${p.at}, e-mail trong thông tin chị gửi Hội LHPN đã được đổi sang địa chỉ khác. Các thư sau sẽ gửi tới địa chỉ mới.`,
} as const satisfies Messages;

/** To the commune union's staff: a new request, a reminder, overdue. Nothing in it names her. */
export const unitMail = {
  subject: (p: { kind: string; day: string }) => `Yêu cầu về dữ liệu cá nhân: ${p.kind} (xác nhận trước ${p.day})`,
  acknowledgeSubject: (p: { kind: string; day: string }) =>
    `Nhắc: xác nhận yêu cầu về dữ liệu cá nhân (${p.kind}) trước hết ${p.day}`,
  completeSubject: (p: { kind: string; day: string }) =>
    `Nhắc: thực hiện yêu cầu về dữ liệu cá nhân (${p.kind}) trước hết ${p.day}`,
  overdueSubject: (p: { kind: string }) => `Quá hạn: yêu cầu về dữ liệu cá nhân (${p.kind}) chưa được thực hiện`,
  heading: "Có yêu cầu mới về dữ liệu cá nhân",
  acknowledgeHeading: "Nhắc việc: xác nhận đã nhận yêu cầu",
  completeHeading: "Nhắc việc: thực hiện yêu cầu",
  overdueHeading: "Yêu cầu về dữ liệu cá nhân đã quá hạn",
  lead: (p: { unit: string }) =>
    `Một phụ nữ đã gửi tới ${p.unit} yêu cầu về dữ liệu cá nhân của mình. Luật Bảo vệ dữ liệu cá nhân cho Hội thời hạn dưới đây.`,
  overdueLead: (p: { day: string; unit: string }) =>
    `Yêu cầu gửi tới ${p.unit} có hạn thực hiện là hết ${p.day}, nay đã quá hạn: xin thực hiện ngay và ghi nhận trên trang.`,
  why: "Thư không ghi tên, số điện thoại hay e-mail của chị ấy, vì thư có thể được lưu lại và chuyển tiếp. Mở đường link để xem ai yêu cầu và việc cần làm; đường link chỉ dành cho chị.",
  button: "Xem yêu cầu và ghi nhận",
} as const satisfies Messages;
