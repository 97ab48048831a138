/**
 * Vietnamese mobile numbers. People write them as 0912 345 678, +84 912.345.678, 84912345678 or (091) 234-5678;
 * all are stored as E.164 (+84 followed by nine digits). Mobile prefixes since the 2018 renumbering start with
 * 3, 5, 7, 8 or 9.
 */
const SEPARATORS = /[\s.\-()\u00A0]/g;
const MOBILE = /^(?:\+84|0084|84|0)([35789]\d{8})$/;

/** The E.164 form, or undefined when the input is not a Vietnamese mobile number. */
export function normalizeVietnamMobile(input: string): string | undefined {
  const compact = input.normalize("NFKC").replace(SEPARATORS, "");
  const match = MOBILE.exec(compact);
  return match ? `+84${match[1]}` : undefined;
}

/** For showing a stored number back to its owner: +84912345678 → 0912 345 678. */
export function formatVietnamMobile(e164: string | undefined): string {
  // Erased (her data rights, retention): the record stays, her number does not.
  if (!e164) return "—";
  const national = `0${e164.slice(3)}`;
  return `${national.slice(0, 4)} ${national.slice(4, 7)} ${national.slice(7)}`;
}

/** For a page anyone holding a link may see: only the last three digits (0912 *** 601). */
export function maskVietnamMobile(e164: string | undefined): string {
  if (!e164) return "—";
  const national = formatVietnamMobile(e164);
  return `${national.slice(0, 4)} *** ${national.slice(-3)}`;
}
