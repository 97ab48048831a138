import type { Messages } from "../catalogue.ts";

/** The petition form, public or an officer's intake link (the person's fields are in common.ts). */
export const petitionForm = {
  page: "Gửi kiến nghị",
  heading: "Gửi kiến nghị, phản ánh",
  intro:
    "Kiến nghị của chị sẽ được Hội Phụ nữ xã tiếp nhận, Hội Phụ nữ cấp trên duyệt và chuyển đến cơ quan có thẩm quyền trả lời. Chị sẽ nhận được mã tra cứu để theo dõi.",
  officer: (p: { name: string; unit: string }) =>
    `Chị đang nhập kiến nghị thay cho người dân, với tư cách ${p.name} (${p.unit}). Số điện thoại của người kiến nghị là số liên hệ.`,
  title: "Tiêu đề",
  content: "Nội dung kiến nghị",
  contentHint: "Nêu rõ sự việc, ở đâu, ảnh hưởng đến ai, và chị đề nghị gì.",
  category: "Lĩnh vực",
  commune: "Xã, thị trấn nơi phát sinh",
  village: "Thôn, bản (không bắt buộc)",
  about: "Thông tin người kiến nghị",
  phoneHint: "Cán bộ sẽ gọi số này nếu cần hỏi thêm.",
  emailHint: "Để nhận tin khi kiến nghị được xử lý. Không có e-mail thì theo dõi bằng mã tra cứu.",
  gender: "Giới tính (không bắt buộc)",
  ethnicityHint: "Dân tộc là thông tin nhạy cảm, chỉ được ghi khi chị đánh dấu ô đồng ý riêng.",
  onBehalfOf: "Thay mặt cho nhóm (không bắt buộc)",
  onBehalfOfHint: "Ví dụ: Chi hội phụ nữ thôn Nà Tông.",
  event: "Nêu tại buổi đối thoại (không bắt buộc)",
  share: "Cơ quan được chuyển kiến nghị có được biết tên và số điện thoại của chị không?",
  shareHint: "Hội Phụ nữ luôn biết chị là ai. Nếu không chọn: có, trừ kiến nghị về bạo lực gia đình, bạo lực giới.",
  yes: "Có",
  no: "Không",
  consent: "Tôi đồng ý để Hội LHPN và cơ quan có thẩm quyền dùng các thông tin trên để xử lý kiến nghị này.",
  submit: "Gửi kiến nghị",
} as const satisfies Messages;

/** An officer's intake link: the form, entered on a woman's behalf. */
export const intakeForm = {
  title: "Nhập kiến nghị thay",
} as const satisfies Messages;

/** The page after sending a petition. */
export const submitted = {
  heading: "Đã gửi kiến nghị",
  notStored: "Dân tộc chưa được ghi lại vì chưa đánh dấu ô đồng ý riêng.",
  code: "Mã tra cứu:",
  codeHint: "Hãy ghi lại mã này. Dùng nó để xem kiến nghị đang ở đâu và được trả lời thế nào.",
  mailed: "Chúng tôi đã gửi thư xác nhận vào e-mail.",
  status: "Xem tình trạng kiến nghị",
} as const satisfies Messages;

/** What stops a petition being sent. */
export const submitProblems = {
  tooMany: "Đã gửi quá nhiều kiến nghị hôm nay",
  tooManyDetail: (p: { limit: number }) =>
    `Mỗi số điện thoại gửi được tối đa ${p.limit} kiến nghị một ngày. Xin gửi tiếp vào ngày mai, hoặc nhờ cán bộ Hội Phụ nữ xã nhập giúp.`,
} as const satisfies Messages;

/** What both the status page and a link's page say of a petition. */
export const petitionFacts = {
  deadline: "Hạn xử lý",
  code: "Mã tra cứu",
  status: "Tình trạng",
  holder: "Đang ở",
  category: "Lĩnh vực",
  answer: "Trả lời",
  history: "Quá trình xử lý",
} as const satisfies Messages;

/** The public status page (anyone with the tracking code). */
export const petitionStatus = {
  heading: "Tình trạng kiến nghị",
  commune: "Xã",
  sent: "Ngày gửi",
  agency: "Cơ quan được chuyển",
  reason: "Lý do",
  duplicateOf: "Trùng với kiến nghị",
  unknown: "Không tìm thấy kiến nghị với mã tra cứu này. Hãy kiểm tra lại mã.",
  elsewhere:
    "Nội dung và câu trả lời chỉ được gửi đến người kiến nghị: xem qua đường link trong e-mail của chị, hoặc hỏi cán bộ Hội Phụ nữ xã.",
} as const satisfies Messages;

/** Looking a petition up by its code (for women without e-mail). */
export const lookup = {
  heading: "Tra cứu kiến nghị",
  code: "Mã tra cứu",
  hint: "Ví dụ: AB3CD-EF4GH",
  submit: "Tra cứu",
  new: "Gửi kiến nghị mới",
  unknown: "Không tìm thấy kiến nghị với mã này. Hãy kiểm tra lại mã.",
} as const satisfies Messages;

/** The page behind a link in an e-mail: the petition as this reader may see it, and the actions it allows. */
export const petitionLink = {
  place: "Nơi phát sinh",
  who: "Người kiến nghị",
  behalf: "Thay mặt",
  entered: "Cán bộ nhập thay",
  hidden: "Được giữ kín theo nguyện vọng của người kiến nghị.",
  agency: "Cơ quan",
  content: "Nội dung",
  question: "Câu hỏi cần bổ sung",
  hiddenFromAgency:
    "Người kiến nghị không đồng ý cho cơ quan biết chị là ai: cơ quan sẽ không thấy tên, số điện thoại, thôn bản, người nhập thay. Cơ quan luôn đọc ghi chú cho cơ quan và những ghi chú được đánh dấu cho cơ quan xem: đừng ghi những thông tin đó vào.",
} as const satisfies Messages;

/** The labels of what a person types to take an action (the action table's fields name them). */
export const actionFields = {
  note: "Ghi chú (không bắt buộc)",
  question: "Cần bổ sung thông tin gì?",
  info: "Thông tin bổ sung",
  rejectReason: "Lý do không tiếp nhận (người gửi sẽ được báo)",
  duplicateOf: "Mã tra cứu của kiến nghị trùng",
  agency: "Chuyển đến cơ quan",
  agencyNote: "Ghi chú cho cơ quan (không bắt buộc)",
  agencyMaySee: "Cho cơ quan được chuyển kiến nghị xem nội dung này (không đánh dấu thì cơ quan không xem được)",
  answer: "Nội dung trả lời (người gửi sẽ nhận được)",
  returnReason: "Lý do trả lại",
  withdrawReason: "Lý do rút (không bắt buộc)",
  nudge: "Lời nhắc gửi nơi đang giữ kiến nghị",
  hallAnswer: "Câu trả lời tại hội nghị",
  answeredBy: "Người trả lời (chức danh, ví dụ: Chủ tịch UBND xã)",
  commitment: "Cam kết (không bắt buộc): việc sẽ làm",
  commitmentAgency: "Cơ quan thực hiện cam kết",
  commitmentDue: "Hạn cam kết (ngày dd/mm/yyyy hoặc số ngày làm việc; bỏ trống: theo quy định)",
  notResolvedReason: "Vấn đề còn chưa được giải quyết ở điểm nào? (Hội Phụ nữ cấp trên sẽ đọc)",
} as const satisfies Messages;

/** The dialogue session a petition names (shared/petitions/service.ts). */
export const sessionChoice = {
  notThisSession:
    "Chỉ chọn được buổi đối thoại sắp tới của xã nơi có kiến nghị. Nếu buổi đối thoại đã qua, xin gửi kiến nghị mà không chọn buổi đối thoại.",
} as const satisfies Messages;

/** What an action's fields can be refused for (the action table's effects). */
export const actionProblems = {
  noSuchPetition: "Không có kiến nghị nào với mã này trong số kiến nghị Hội Phụ nữ xã của chị tiếp nhận.",
  duplicateOfItself: "Đây là mã của chính kiến nghị này.",
  duplicateOfSensitive:
    "Kiến nghị đó được giữ kín theo nguyện vọng của người kiến nghị: không thể đề nghị người khác theo dõi kiến nghị đó.",
  duplicateOfEnded:
    "Kiến nghị đó không còn được xử lý (đã rút, không được tiếp nhận, trùng hoặc đã kết thúc): chỉ đánh dấu trùng với kiến nghị đang xử lý hoặc đã có trả lời.",
  noSuchAgency: "Không có cơ quan này.",
  sameAgency: "Kiến nghị đang ở cơ quan này: xin chọn cơ quan khác.",
} as const satisfies Messages;

/** An action the link does not allow at this step. */
export const notAllowed = {
  title: "Không thể thực hiện",
  detail: "Liên kết này không cho phép việc đó ở bước hiện tại.",
} as const satisfies Messages;

/** The page after an action. */
export const acted = {
  done: "Đã ghi nhận",
  petition: "Kiến nghị",
  thanks: "Cảm ơn. Những người liên quan sẽ được báo qua e-mail.",
} as const satisfies Messages;

/** A link whose step is over: who acted, when, and where the petition stands now. */
export const stepDone = {
  title: "Kiến nghị đã được xử lý",
  handled: "Bước này đã được xử lý",
  at: "lúc",
  now: "Tình trạng hiện nay",
  closed: "Liên kết này không còn dùng để thao tác được nữa.",
} as const satisfies Messages;

/** The name the history gives the petitioner when she acts from her link. */
export const actors = {
  petitioner: "Người gửi kiến nghị",
  system: "Tiếng Nói (tự động)",
} as const satisfies Messages;

/** Where a petition stands. */
export const states = {
  screening: "Đang chờ Hội Phụ nữ xã tiếp nhận",
  needs_info: "Cần bổ sung thông tin",
  approval: "Đang chờ Hội Phụ nữ cấp trên duyệt",
  forwarded: "Đã chuyển đến cơ quan có thẩm quyền",
  acknowledged: "Cơ quan đã tiếp nhận, đang xử lý",
  returned: "Cơ quan trả lại, đang chuyển cơ quan khác",
  answered: "Đã có trả lời",
  closed: "Đã kết thúc",
  rejected: "Không được tiếp nhận",
  withdrawn: "Người gửi đã rút kiến nghị",
  duplicate: "Trùng với kiến nghị khác",
} as const satisfies Messages;

/** An action's button and form heading. */
export const actions = {
  accept: "Tiếp nhận, chuyển cấp trên duyệt",
  request_info: "Đề nghị bổ sung thông tin",
  provide_info: "Bổ sung thông tin",
  reject: "Không tiếp nhận (nêu lý do)",
  mark_duplicate: "Đánh dấu trùng kiến nghị khác",
  forward: "Duyệt, chuyển cơ quan có thẩm quyền",
  acknowledge: "Xác nhận đã nhận",
  answer: "Trả lời kiến nghị",
  return: "Trả lại (không thuộc thẩm quyền)",
  withdraw: "Rút kiến nghị",
  close: "Đã được giải quyết, kết thúc",
  not_resolved: "Chưa được giải quyết",
  not_yet: "Chưa đến lúc biết",
  nudge: "Nhắc nơi đang giữ kiến nghị",
  answer_in_hall: "Đã trả lời tại hội nghị",
  reroute: "Chuyển sang cơ quan khác",
  take_over: "Hội cấp trên trực tiếp xử lý",
} as const satisfies Messages;

/** Past tense, for "who already acted": "đã tiếp nhận". */
export const actionsDone = {
  submit: "đã gửi",
  accept: "đã tiếp nhận",
  request_info: "đã đề nghị bổ sung thông tin",
  provide_info: "đã bổ sung thông tin",
  reject: "đã không tiếp nhận",
  mark_duplicate: "đã đánh dấu trùng",
  forward: "đã duyệt và chuyển cơ quan",
  acknowledge: "đã xác nhận nhận",
  answer: "đã trả lời",
  return: "đã trả lại",
  withdraw: "đã rút",
  close: "đã kết thúc",
  not_resolved: "đã cho biết vấn đề chưa được giải quyết",
  not_yet: "đã cho biết chưa đến lúc biết",
  ask: "đã được hỏi ý kiến",
  auto_close: "đã tự động kết thúc",
  nudge: "đã nhắc",
  answer_in_hall: "đã ghi nhận trả lời tại hội nghị",
  reroute: "đã chuyển sang cơ quan khác",
  take_over: "đã trực tiếp xử lý",
  remind: "đã được nhắc hạn",
  escalate: "đã được báo lên cấp trên",
} as const satisfies Messages;

/** The public timeline on the status page: what happened, never who personally. */
export const timeline = {
  submit: "Đã gửi kiến nghị",
  accept: "Hội Phụ nữ xã đã tiếp nhận",
  request_info: "Đề nghị bổ sung thông tin",
  provide_info: "Đã bổ sung thông tin",
  reject: "Không được tiếp nhận",
  mark_duplicate: "Xác định trùng với kiến nghị khác",
  forward: "Đã chuyển cơ quan có thẩm quyền",
  acknowledge: "Cơ quan đã xác nhận nhận",
  answer: "Cơ quan đã trả lời",
  return: "Cơ quan trả lại để chuyển cơ quan khác",
  withdraw: "Người gửi đã rút kiến nghị",
  close: "Đã kết thúc",
  not_resolved: "Người gửi cho biết vấn đề chưa được giải quyết",
  not_yet: "Người gửi cho biết chưa đến lúc biết kết quả",
  ask: "Đã hỏi người gửi vấn đề đã được giải quyết chưa",
  auto_close: "Tự động kết thúc (không có phản hồi)",
  nudge: "Hội cấp trên đã nhắc xử lý",
  answer_in_hall: "Đã được trả lời tại hội nghị đối thoại",
  reroute: "Hội cấp trên đã chuyển sang cơ quan khác",
  take_over: "Hội cấp trên trực tiếp xử lý",
  remind: "Nhắc hạn xử lý",
  escalate: "Quá hạn: đã báo Hội cấp trên",
} as const satisfies Messages;

/** Who holds a petition, when it is a role rather than a named unit or agency: the petitioner, asked for more. */
export const roles = {
  petitioner: "Người gửi kiến nghị",
} as const satisfies Messages;

/** Where the current step stands against its deadline (shared/petitions/deadlines.ts). */
export const deadlineState = {
  left: (p: { n: number }) => `còn ${p.n} ngày làm việc`,
  today: "hôm nay là hạn cuối",
  overdue: (p: { n: number }) => `quá hạn ${p.n} ngày làm việc`,
  overdueDay: "đã quá hạn",
} as const satisfies Messages;
