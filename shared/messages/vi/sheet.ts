import type { Messages } from "../catalogue.ts";

/**
 * The import of a session's issues from a spreadsheet (shared/sessions/sheet.ts) and the file upload that carries it
 * (shared/platform/multipart.ts).
 */

/** A file upload the edge cannot read (a 400, 413 or 415 problem). */
export const upload = {
  malformed: "Không đọc được biểu mẫu tải tệp",
  tooLarge: "Tệp gửi lên quá lớn",
  mediaType: "Kiểu nội dung không được hỗ trợ",
  notMultipartDetail: "Biểu mẫu tải tệp phải được gửi dạng multipart/form-data.",
  boundaryDetail: "Biểu mẫu tải tệp thiếu ranh giới (boundary) hoặc ranh giới không hợp lệ.",
  structureDetail: "Biểu mẫu tải tệp bị hỏng hoặc chưa gửi hết. Hãy chọn lại tệp và gửi lại. Chưa có gì được lưu.",
  headerDetail: "Một mục của biểu mẫu có phần đầu quá dài hoặc sai quy cách.",
  dispositionDetail: "Một mục của biểu mẫu không có tên (Content-Disposition: form-data; name=…).",
  encodingDetail: "Một mục chữ của biểu mẫu không phải chữ UTF-8.",
  tooManyPartsDetail: (p: { max: number }) => `Biểu mẫu có quá nhiều mục (tối đa ${p.max}).`,
  duplicateDetail: (p: { name: string }) => `Mục “${p.name}” được gửi hai lần.`,
  tooLargeDetail: (p: { max: string }) => `Nội dung gửi lên vượt quá ${p.max}. Hãy chia bảng thành nhiều tệp nhỏ hơn.`,
} as const satisfies Messages;

/** Why a whole file was refused: nothing of it is read. */
export const sheetFile = {
  empty: "Tệp trống.",
  notSheet: "Tệp này không phải bảng tính. Hãy gửi tệp Excel (.xlsx) hoặc CSV (.csv) theo tệp mẫu.",
  oldExcel:
    "Chưa đọc được tệp Excel kiểu cũ (.xls). Trong Excel, chọn Lưu thành (Save As), kiểu Sổ làm việc Excel (.xlsx), rồi gửi lại.",
  unreadable: "Không đọc được tệp Excel này. Hãy mở tệp bằng Excel, lưu lại dạng .xlsx rồi gửi lại.",
  unzippedTooLarge: (p: { max: string }) =>
    `Tệp Excel này khi giải nén lớn hơn ${p.max}. Hãy chia bảng thành nhiều tệp nhỏ hơn.`,
  notUtf8:
    "Tệp CSV không phải mã UTF-8 nên dấu tiếng Việt sẽ bị lỗi. Trong Excel, chọn Lưu thành (Save As), kiểu CSV UTF-8, hoặc gửi tệp .xlsx.",
  unclosedQuote: (p: { row: number }) => `Dấu ngoặc kép (") mở ở dòng ${p.row} không được đóng.`,
  noHeader: (p: { title: string }) =>
    `Không tìm thấy dòng tiêu đề: bảng phải có một cột “${p.title}” trong 10 dòng đầu (xem tệp mẫu).`,
  tooManyCells: (p: { max: number }) =>
    `Tệp Excel này có hơn ${p.max} ô. Hãy chỉ giữ lại trang tính các vấn đề của hội nghị (tối đa 500 dòng) rồi gửi lại.`,
  noRows: "Bảng không có dòng vấn đề nào dưới dòng tiêu đề.",
  tooManyRows: (p: { max: number; count: number }) =>
    `Bảng có ${p.count} dòng vấn đề, nhiều hơn mức tối đa ${p.max} dòng một lần nhập. Hãy chia thành nhiều tệp.`,
  unknownColumn: (p: { name: string }) => `Không hiểu cột “${p.name}”. Hãy đặt tên cột như tệp mẫu, hoặc xóa cột này.`,
  duplicateColumn: (p: { name: string }) => `Cột “${p.name}” có hai lần.`,
} as const satisfies Messages;

/** A problem with one cell of one row. */
export const sheetCell = {
  categoryUnknown: (p: { values: string }) =>
    `Không có lĩnh vực này. Ghi mã hoặc tên của một lĩnh vực trong danh mục: ${p.values}.`,
  agencyUnknown: (p: { values: string }) =>
    `Không có cơ quan này. Ghi mã hoặc tên của một cơ quan trong danh mục: ${p.values}.`,
  dateInvalid: "Ngày không đúng: ghi dạng ngày/tháng/năm, ví dụ 30/06/2027.",
  formulaNoValue:
    "Ô có công thức nhưng chưa có kết quả được lưu. Hãy mở tệp bằng Excel và lưu lại, hoặc gõ thẳng giá trị.",
  cellError: (p: { error: string }) => `Ô đang báo lỗi ${p.error}. Hãy sửa công thức hoặc gõ thẳng giá trị.`,
  phoneWithoutName:
    "Có số điện thoại nhưng không có tên người nêu. Ghi tên chị, hoặc xóa số điện thoại nếu đây là ý kiến của nhóm.",
  answeredByWithoutAnswer: "Có người trả lời nhưng không có nội dung đã trả lời tại hội nghị.",
  commitmentMissing: "Có cơ quan thực hiện hoặc hạn nhưng không có nội dung cam kết.",
} as const satisfies Messages;

/**
 * The sheet's columns as the template names them (and as a problem names its column). A header is matched without
 * regard to case, accents, punctuation or a note in brackets: "Thôn/bản", "THON BAN" and "Thôn, bản (nếu có)" are one.
 */
export const sheetColumns = {
  raisedBy: "Người nêu",
  phone: "Số điện thoại",
  village: "Thôn, bản",
  category: "Lĩnh vực",
  title: "Vấn đề",
  content: "Nội dung",
  hallAnswer: "Đã trả lời tại hội nghị",
  answeredBy: "Người trả lời",
  commitment: "Cam kết",
  commitmentAgency: "Cơ quan thực hiện",
  commitmentDue: "Hạn",
} as const satisfies Messages;

/**
 * Other names people give the same columns, separated by "|"; `ignored` are the columns read past (a row number, a
 * note). A header matches in either language.
 */
export const sheetAliases = {
  raisedBy: "Họ và tên|Họ tên|Người nêu ý kiến|Người kiến nghị",
  phone: "Điện thoại|SĐT|Số ĐT|Số điện thoại di động",
  village: "Thôn|Bản|Thôn, xóm|Thôn, bản, tổ",
  category: "Nhóm vấn đề|Lĩnh vực kiến nghị",
  title: "Tiêu đề|Tóm tắt|Vấn đề kiến nghị|Tên vấn đề",
  content: "Nội dung chi tiết|Nội dung kiến nghị|Chi tiết",
  hallAnswer: "Trả lời tại hội nghị|Nội dung trả lời|Đã trả lời|Trả lời",
  answeredBy: "Người trả lời tại hội nghị|Lãnh đạo trả lời",
  commitment: "Nội dung cam kết|Cam kết thực hiện",
  commitmentAgency: "Cơ quan|Đơn vị thực hiện|Cơ quan cam kết",
  commitmentDue: "Thời hạn|Hạn thực hiện|Hạn hoàn thành",
  ignored: "STT|Số TT|Số thứ tự|TT|Ghi chú",
} as const satisfies Messages;

/** What an agency that answers for the commune it serves (the commune's People's Committee) is also called. */
export const sheetCommuneAgency = {
  names: (p: { commune: string }) => `UBND ${p.commune}|Ủy ban nhân dân ${p.commune}`,
} as const satisfies Messages;

/** The template's example row (an organiser who leaves it in gets it skipped, not imported). */
export const sheetExample = {
  raisedBy: "Hoàng Thị Lan",
  phone: "0912 345 678",
  village: "Nà Liềm",
  category: "Vốn vay, tín dụng chính sách",
  title: "Xin vay vốn hộ nghèo để nuôi bò sinh sản",
  content: "Chị em thôn Nà Liềm xin được vay vốn hộ nghèo để nuôi bò sinh sản, thời hạn 3 năm.",
  hallAnswer: "Ngân hàng Chính sách xã hội sẽ xét cho vay trong đợt giải ngân tháng 7.",
  answeredBy: "Giám đốc Phòng giao dịch Ngân hàng Chính sách xã hội",
  commitment: "Xét và giải ngân cho các hộ đủ điều kiện",
  commitmentAgency: "Phòng giao dịch Ngân hàng Chính sách xã hội huyện Lâm Bình",
  commitmentDue: "31/07/2027",
} as const satisfies Messages;
