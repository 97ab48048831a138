import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getHistory, getPetition } from "../../shared/petitions/petition.ts";
import { parseTrackingCode } from "../../shared/petitions/tracking.ts";
import { resetClock, shiftClock } from "../../shared/platform/clock.ts";
import { act, linkFor, petitionBody, publicStatus, submit } from "../support/petitions.ts";
import { startStack, type TestStack } from "../support/stack.ts";

/**
 * The petition's whole path against DynamoDB Local and the local inbox, driven only by the links that arrive
 * by e-mail, as the people on the path receive them.
 */
let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  resetClock();
  await stack?.stop();
});

// The demo district's people (lam-binh-demo.json).
const SCREENER = "hlhpn.thuonglam@example.org";
const APPROVER = "chutich.hlhpn.lambinh@example.org";
const APPROVER_2 = "phochutich.hlhpn.lambinh@example.org";
const CREDIT_AGENCY = "nhcsxh.lambinh@example.org";
const LABOUR_AGENCY = "ldtbxh.lambinh@example.org";

const codeOf = (display: string) => parseTrackingCode(display) as string;

/** Submit, and take the screener's link for this petition. */
async function submitted(email?: string, overrides: Record<string, unknown> = {}) {
  const answer = await submit(stack.url, petitionBody(overrides, email));
  const screening = await linkFor(stack.inbox, SCREENER, answer.trackingCode);
  return { answer, code: answer.trackingCode, screenerLink: screening.link };
}

/** Submit and walk to the agency. */
async function atAgency(email?: string) {
  const s = await submitted(email);
  expect((await act(s.screenerLink, "accept")).status).toBe(200);
  const approval = await linkFor(stack.inbox, APPROVER, s.code);
  expect((await act(approval.link, "forward")).status).toBe(200);
  const agency = await linkFor(stack.inbox, CREDIT_AGENCY, s.code);
  return { ...s, approverLink: approval.link, agencyLink: agency.link };
}

describe("the main path", () => {
  it("submit → screener accepts → approver forwards → agency acknowledges and answers → the petitioner sees the answer", async () => {
    const email = "main.path@example.org";
    const { answer, code, screenerLink } = await submitted(email);
    expect(answer.status).toBe("screening");
    expect(answer).not.toHaveProperty("code");
    expect(answer.trackingCode).toMatch(/^[34679ACDEFGHJKMNPQRTUVWXY]{5}-[34679ACDEFGHJKMNPQRTUVWXY]{5}$/);
    expect(answer.statusUrl).toBe(`${stack.url}/petitions/${code}`);

    const receipt = await stack.inbox.waitFor(email);
    expect(receipt[0]?.subject).toBe(`Đã nhận kiến nghị: ${code}`);

    const page = await fetch(screenerLink);
    expect(page.status).toBe(200);
    const pageHtml = await page.text();
    expect(pageHtml).toContain("Ma Thị Hoa");
    expect(pageHtml).toContain('value="accept"');
    expect((await act(screenerLink, "accept", { note: "Đúng thẩm quyền huyện" })).html).toContain("Đã ghi nhận");

    // Both approvers of the district union get their own link; either may act.
    const approval = await linkFor(stack.inbox, APPROVER, code);
    await linkFor(stack.inbox, APPROVER_2, code);
    expect((await act(approval.link, "forward")).status).toBe(200);

    const forwardedMail = await stack.inbox.waitFor(email, 2);
    expect(forwardedMail[1]?.body.text).toContain("Phòng giao dịch Ngân hàng Chính sách xã hội huyện Lâm Bình");

    const agency = await linkFor(stack.inbox, CREDIT_AGENCY, code);
    // Replies reach a person: the agency's mail answers to the approver who forwarded it, the approver's to the
    // screener who accepted it; hers to nobody (the footer says so).
    expect(agency.mail.replyTo).toEqual([APPROVER]);
    expect(approval.mail.replyTo).toEqual([SCREENER]);
    expect(forwardedMail[1]?.replyTo ?? []).toEqual([]);
    expect((await act(agency.link, "acknowledge")).status).toBe(200);
    // Acknowledging keeps the agency's step: the same link answers.
    const answerText = "Ngân hàng sẽ nâng mức cho vay lên 100 triệu đồng từ quý II.";
    expect((await act(agency.link, "answer", { answer: answerText })).status).toBe(200);

    const answered = await stack.inbox.waitFor(email, 3);
    expect(answered[2]?.subject).toBe(`Kiến nghị đã có trả lời: ${code}`);
    expect(answered[2]?.body.text).toContain(answerText);
    const status = await publicStatus(stack.url, code);
    expect(status.json).toMatchObject({ status: "answered", answer: { text: answerText }, agency: { id: "nhcsxh" } });
    const statusPage = await (
      await fetch(`${stack.url}/petitions/${code}`, { headers: { accept: "text/html" } })
    ).text();
    expect(statusPage).toContain(answerText);
    expect(statusPage).toContain("Đã có trả lời");

    // Her own link lets her close it.
    const own = (answered[2]?.body.text ?? "").match(/https?:\/\/\S+\/a\/[a-z2-7]{32}/)?.[0] as string;
    expect((await act(own, "close")).status).toBe(200);
    expect((await publicStatus(stack.url, code)).json.status).toBe("closed");

    const history = await getHistory(codeOf(code));
    expect(history.map((h) => h.action)).toEqual(["submit", "accept", "forward", "acknowledge", "answer", "close"]);
    expect(history[1]).toMatchObject({ actor: "Quan Thị Thu", role: "screener", note: "Đúng thẩm quyền huyện" });
    expect(history[2]).toMatchObject({
      actor: "Ma Thị Hạnh",
      role: "approver",
      note: "Phòng giao dịch Ngân hàng Chính sách xã hội huyện Lâm Bình",
    });
  });
});

describe("side paths", () => {
  it("needs information: the petitioner answers from her link and it returns to the step that asked", async () => {
    const email = "needs.info@example.org";
    const { code, screenerLink } = await submitted(email);
    const question = "Chị cho biết thôn có bao nhiêu hộ cần vay vốn?";
    expect((await act(screenerLink, "request_info", { question })).status).toBe(200);
    const { link: own, mail } = await linkFor(stack.inbox, email, "Cần bổ sung thông tin");
    expect(mail.body.text).toContain(question);
    expect((await publicStatus(stack.url, code)).json.status).toBe("needs_info");

    expect((await act(own, "provide_info", { info: "Có 23 hộ." })).status).toBe(200);
    expect((await publicStatus(stack.url, code)).json.status).toBe("screening");
    // The screener's old link belonged to the finished step; a new one arrives.
    expect((await fetch(screenerLink)).status).toBe(410);
    // The new mail comes off the stream, after the answer: wait for it, then count (a third would be a duplicate).
    const again = await linkFor(stack.inbox, SCREENER, code, 2);
    const mails = (await stack.inbox.to(SCREENER)).filter((m) => m.subject.includes(code));
    expect(mails).toHaveLength(2);
    expect(again.link).not.toBe(screenerLink);
    expect((await act(again.link, "accept")).status).toBe(200);
  });

  it("needs information from a woman without e-mail: the officer who asked enters her answer", async () => {
    const { code, screenerLink } = await submitted(undefined);
    expect((await act(screenerLink, "request_info", { question: "Số hộ?" })).status).toBe(200);
    const onBehalf = await linkFor(stack.inbox, SCREENER, "người gửi không có e-mail");
    expect(onBehalf.mail.body.text).toContain("Số hộ?");
    expect((await act(onBehalf.link, "provide_info", { info: "Chị Hoa cho biết: 12 hộ." })).status).toBe(200);
    expect((await publicStatus(stack.url, code)).json.status).toBe("screening");
  });

  it("rejection needs a reason, and the petitioner is told it", async () => {
    const email = "rejected@example.org";
    const { code, screenerLink } = await submitted(email);
    const empty = await act(screenerLink, "reject", { reason: "   " });
    expect(empty.status).toBe(400);
    expect(empty.html).toMatch(/class="err"[^>]*>Vui lòng điền mục này/);
    expect((await publicStatus(stack.url, code)).json.status).toBe("screening");

    const reason = "Nội dung đã được giải quyết tại kỳ họp HĐND xã tháng 9.";
    expect((await act(screenerLink, "reject", { reason })).status).toBe(200);
    const [, rejection] = await stack.inbox.waitFor(email, 2);
    expect(rejection?.subject).toBe(`Kiến nghị không được tiếp nhận: ${code}`);
    expect(rejection?.body.text).toContain(reason);
    expect((await publicStatus(stack.url, code)).json).toMatchObject({ status: "rejected", rejectionReason: reason });
  });

  it("the agency returns it; the approver re-routes to another agency, whose link then works", async () => {
    const { code, agencyLink } = await atAgency();
    const reason = "Nội dung về việc làm, thuộc Phòng Lao động.";
    expect((await act(agencyLink, "return", { reason })).status).toBe(200);
    const returned = await linkFor(stack.inbox, APPROVER, "Cơ quan trả lại");
    expect(returned.mail.body.text).toContain(reason);
    expect((await act(returned.link, "forward", { agency: "phong-ldtbxh" })).status).toBe(200);
    const labour = await linkFor(stack.inbox, LABOUR_AGENCY, code);
    expect((await act(labour.link, "answer", { answer: "Phòng sẽ mở lớp học nghề." })).status).toBe(200);
    expect((await fetch(agencyLink)).status).toBe(410);
    expect((await publicStatus(stack.url, code)).json).toMatchObject({
      status: "answered",
      agency: { id: "phong-ldtbxh" },
    });
  });

  it("the petitioner withdraws; whoever held it is told, and their link stops", async () => {
    const email = "withdraw@example.org";
    const { code, screenerLink } = await submitted(email);
    // A receipt to an address that never answered carries no link (shared/petitions/mails.ts): her own link comes
    // with the first mail a person sends her, here a question; once answered, the petition is back with the screener.
    expect((await act(screenerLink, "request_info", { question: "Thôn nào?" })).status).toBe(200);
    const { link: own } = await linkFor(stack.inbox, email, "Cần bổ sung thông tin");
    expect((await act(own, "provide_info", { info: "Thôn Nà Tông." })).status).toBe(200);
    const again = await linkFor(stack.inbox, SCREENER, code, 2);
    expect((await act(own, "withdraw", { reason: "Đã được giải quyết" })).status).toBe(200);
    expect((await publicStatus(stack.url, code)).json.status).toBe("withdrawn");
    const notice = `Kiến nghị đã được rút: ${code}`;
    await expect
      .poll(async () => (await stack.inbox.to(SCREENER)).some((m) => m.subject === notice), { timeout: 10_000 })
      .toBe(true);
    expect((await fetch(again.link)).status).toBe(410);
  });

  it("duplicate needs the other petition's code (typed any way), which must exist", async () => {
    const first = await submitted();
    const second = await submitted();
    const unknown = await act(second.screenerLink, "mark_duplicate", { duplicateOf: "AAAAA-AAAAA" });
    expect(unknown.status).toBe(400);
    expect(unknown.html).toContain("Không có kiến nghị nào với mã này");
    const itself = await act(second.screenerLink, "mark_duplicate", { duplicateOf: second.code });
    expect(itself.status).toBe(400);
    expect(itself.html).toContain("Đây là mã của chính kiến nghị này");
    const typed = first.code.toLowerCase().replace("-", " ");
    expect((await act(second.screenerLink, "mark_duplicate", { duplicateOf: typed })).status).toBe(200);
    expect((await publicStatus(stack.url, second.code)).json).toMatchObject({
      status: "duplicate",
      duplicateOf: first.code,
    });
  });
});

describe("links that must not work", () => {
  it("expired (by the clock), reused, tampered, malformed, and for the wrong step", async () => {
    const { code, screenerLink } = await submitted();
    // Wrong action for this step: the screener cannot forward.
    const wrong = await act(screenerLink, "forward");
    expect(wrong.status).toBe(403);
    expect((await act(screenerLink, "no-such-action")).status).toBe(403);

    // Tampered and malformed links are unknown.
    const token = screenerLink.slice(-32);
    const flipped = `${token.slice(0, 10)}${token[10] === "a" ? "b" : "a"}${token.slice(11)}`;
    for (const bad of [flipped, token.slice(0, 31), `${token}x`, "AAAA", "%3Cscript%3E"]) {
      const res = await fetch(`${stack.url}/a/${bad}`);
      expect(res.status, bad).toBe(404);
      expect(await res.text()).toContain("Liên kết không hợp lệ");
      expect((await act(`${stack.url}/a/${bad}`, "accept")).status).toBe(404);
    }

    // Expired: 31 days later (links live 30 by default).
    shiftClock(31 * 86_400_000);
    try {
      const expired = await fetch(screenerLink);
      expect(expired.status).toBe(410);
      expect(await expired.text()).toContain("Liên kết đã hết hạn");
      expect((await act(screenerLink, "accept")).status).toBe(410);
    } finally {
      resetClock();
    }

    // Reused: once the step is done, the page says what happened.
    expect((await act(screenerLink, "accept")).status).toBe(200);
    const reused = await act(screenerLink, "reject", { reason: "x" });
    expect(reused.status).toBe(410);
    expect(reused.html).toContain("Quan Thị Thu");
    expect(reused.html).toContain("đã tiếp nhận");
    const approval = await linkFor(stack.inbox, APPROVER, code);
    expect((await act(approval.link, "forward")).status).toBe(200);
    expect((await act(approval.link, "forward")).status).toBe(410);
    expect((await getHistory(codeOf(code))).map((h) => h.action)).toEqual(["submit", "accept", "forward"]);
  });

  it("GET and HEAD change nothing, send the privacy headers, and the page has no script or auto-submit", async () => {
    const { code, screenerLink } = await submitted();
    const before = await getPetition(codeOf(code));
    for (let i = 0; i < 5; i++) {
      const res = await fetch(screenerLink);
      expect(res.headers.get("referrer-policy")).toBe("same-origin");
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
      const body = await res.text();
      expect(body).not.toMatch(/<script|onload=|http-equiv="refresh"/i);
      const head = await fetch(screenerLink, { method: "HEAD" });
      expect(head.status).toBe(200);
      expect(await head.text()).toBe("");
    }
    const after = await getPetition(codeOf(code));
    expect(after).toEqual(before);
    expect(await getHistory(codeOf(code))).toHaveLength(1);
  });
});
