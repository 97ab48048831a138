import { expect } from "vitest";
import { fixture } from "./fixtures.ts";
import { type Inbox, linksIn, type Mail, postJson } from "./stack.ts";

/** Driving petitions the way people do: submit, then follow the links that arrive by e-mail. */

export interface Samples {
  valid: Record<string, unknown>[];
  edgeCases: (Record<string, unknown> & { _case: string })[];
}
export const samples = () => fixture<Samples>("petitions-sample.json");

/** The demo district's people on a Thượng Lâm petition's path (lam-binh-demo.json): commune union, the two
 * approvers above it, and the credit agency of the default category. */
export const demoPath = {
  screener: "hlhpn.thuonglam@example.org",
  approver: "chutich.hlhpn.lambinh@example.org",
  approver2: "phochutich.hlhpn.lambinh@example.org",
  agency: "nhcsxh.lambinh@example.org",
} as const;

let phoneSeq = 0;
/** A valid petition with a fresh phone number and, if given, an e-mail. */
export function petitionBody(overrides: Record<string, unknown> = {}, email?: string) {
  const base = structuredClone(samples().valid[0]) as Record<string, unknown> & { petitioner: Record<string, unknown> };
  const petitioner = { ...base.petitioner, phone: `03${String(10_000_000 + phoneSeq++).slice(-8)}`, email };
  if (!email) delete petitioner.email;
  return { ...base, petitioner, ...overrides };
}

export async function submit(url: string, body: unknown) {
  const res = await postJson(`${url}/petitions`, body);
  expect(res.status, res.text).toBe(201);
  return res.json as { trackingCode: string; status: string; statusUrl: string; notStored?: string[] };
}

/**
 * The action link (/a/…) in the newest mail to `address` whose subject contains `subjectPart`, once at least
 * `count` such mails have arrived (pass 2 to wait for a petition's second link rather than find its first).
 */
export async function linkFor(
  inbox: Inbox,
  address: string,
  subjectPart: string,
  count = 1,
  timeoutMs = 60_000,
): Promise<{ link: string; mail: Mail }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const matching = (await inbox.to(address)).filter((m) => m.subject.includes(subjectPart));
    const mail = matching.length >= count ? matching.at(-1) : undefined;
    const link = mail && linksIn(mail).find((l) => /\/a\/[a-z2-7]{32}$/.test(l));
    if (mail && link) return { link, mail };
    if (Date.now() > deadline) throw new Error(`no link mail "${subjectPart}" (${count}) to ${address}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The newest mail to `address` whose subject contains `subjectPart`, once `count` have arrived (links or none). */
export async function mailFor(inbox: Inbox, address: string, subjectPart: string, count = 1, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const matching = (await inbox.to(address)).filter((m) => m.subject.includes(subjectPart));
    if (matching.length >= count) return matching.at(-1) as Mail;
    if (Date.now() > deadline) throw new Error(`no mail "${subjectPart}" (${count}) to ${address}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Press a button on an action page: a form post, as the browser sends it. */
export async function act(link: string, action: string, fields: Record<string, string> = {}) {
  const res = await fetch(link, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ action, ...fields }),
  });
  return { status: res.status, html: await res.text() };
}

export async function publicStatus(url: string, code: string) {
  const res = await fetch(`${url}/petitions/${code}`, { headers: { accept: "application/json" } });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> & { status: string } };
}
