/** Vietnamese first, English second: every message the system shows exists in both. */
export type Lang = "vi" | "en";
export const LANGS: readonly Lang[] = ["vi", "en"];

export interface Bilingual {
  vi: string;
  en: string;
}

export function pick(text: Bilingual, lang: Lang): string {
  return text[lang];
}

/**
 * Vietnamese unless the page or request asks for English with `?lang=en`. The browser's Accept-Language is
 * deliberately ignored: many cheap phones in Vietnam are set to English, and their owners read Vietnamese.
 */
export function chooseLang(query: string | undefined): Lang {
  return query === "en" ? "en" : "vi";
}

export function fill(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

export function fillBoth(text: Bilingual, params: Record<string, string | number> = {}): Bilingual {
  return { vi: fill(text.vi, params), en: fill(text.en, params) };
}

/** Field error messages, keyed by the code the schemas use. */
export const fieldMessages = {
  required: { vi: "Vui lòng điền mục này.", en: "This field is required." },
  too_long: { vi: "Tối đa {max} ký tự.", en: "At most {max} characters." },
  invalid_type: { vi: "Giá trị không đúng kiểu.", en: "This value has the wrong type." },
  one_of: { vi: "Chọn một trong các giá trị: {values}.", en: "Choose one of: {values}." },
  phone_invalid: {
    vi: "Số điện thoại di động Việt Nam không hợp lệ (ví dụ: 0912 345 678).",
    en: "Not a valid Vietnamese mobile number (for example 0912 345 678).",
  },
  email_invalid: { vi: "Địa chỉ e-mail không hợp lệ.", en: "Not a valid e-mail address." },
  consent_required: {
    vi: "Cần đồng ý với việc sử dụng thông tin để gửi đăng ký.",
    en: "You must agree to the use of your information to register.",
  },
  ethnicity_unknown: {
    vi: "Không có dân tộc này trong danh mục 54 dân tộc.",
    en: "Not one of Vietnam's 54 ethnic groups.",
  },
  commune_unknown: { vi: "Không có xã/phường này trong danh mục.", en: "Unknown commune." },
  birth_year_invalid: { vi: "Năm sinh từ {min} đến {max}.", en: "Birth year between {min} and {max}." },
  unknown_field: { vi: "Trường này không được hỗ trợ.", en: "This field is not accepted." },
} as const satisfies Record<string, Bilingual>;

export type FieldMessageCode = keyof typeof fieldMessages;
