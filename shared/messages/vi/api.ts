import type { Messages } from "../catalogue.ts";

/** The API's description (GET /openapi.json): its title and what it is for. */
export const apiDescription = {
  title: "Tiếng Nói",
  description:
    "Đăng ký tham dự hội nghị tập huấn và đối thoại chính sách của Hội Liên hiệp Phụ nữ, và kiến nghị được chuyển qua các cấp Hội đến cơ quan có thẩm quyền trả lời. Trang và JSON dùng chung đường dẫn: gửi `Accept: application/json` để nhận JSON. Mặc định tiếng Việt; `?lang=en` hoặc `Accept-Language: en` cho tiếng Anh. Đường link trong e-mail mang mã trong đường dẫn, không bao giờ trong chuỗi truy vấn.",
} as const satisfies Messages;
