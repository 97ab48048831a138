import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { act, linkFor, publicStatus, submit } from "../support/petitions.ts";
import { type Mail, startStack, type TestStack } from "../support/stack.ts";

/**
 * One sensitive petition (violence, her identity kept from the agency) walked to its answer through the links that
 * arrive by e-mail, on the local stack: the agency's mails and pages never name her, place her village or repeat the
 * Union's notes or her own words; the public status (HTML and JSON) shows where it stands and when, nothing more.
 */
let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack?.stop());

// The demo district's people (lam-binh-demo.json): Bình An's union, the district union, the district police.
const SCREENER = "hlhpn.binhan@example.org";
const APPROVER = "chutich.hlhpn.lambinh@example.org";
const AGENCY = "congan.lambinh@example.org";

const NAME = "Lò Thị Nhàn";
const EMAIL = "lo.thi.nhan@example.org";
const VILLAGE = "Bản Khuổi Nhàn";
const GROUP = "Nhóm chị em bản Khuổi Nhàn";
const TITLE = "Đề nghị có nơi tạm lánh cho phụ nữ bị bạo lực";
const CONTENT = "Nhiều chị em bị chồng đánh khi say rượu mà không có chỗ lánh. Đề nghị bố trí nơi tạm lánh an toàn.";
const FOR_AGENCY = "Đề nghị Công an xác minh và bảo vệ kịp thời (ghi chú cho cơ quan).";
const ANSWER = "Công an xã đã bố trí cán bộ tiếp nhận tin báo 24/24 và nơi tạm lánh tại trụ sở.";

/** Her phone number, however it is written: separators are dropped before looking. */
const hasPhone = (text: string) => text.replace(/[\s.\-()\u00A0]/g, "").includes("912345678");
const mailTexts = (m: Mail) => [m.subject, m.body.text ?? "", m.body.html ?? ""];

/** What the agency must never be shown of her, and the Union's and her own words it must not read. */
function expectNothingOfHer(text: string, where: string, privateWords: readonly string[]) {
  expect(text.includes(NAME), `${where}: her name`).toBe(false);
  expect(hasPhone(text), `${where}: her phone`).toBe(false);
  expect(text, where).not.toContain(EMAIL);
  expect(text, where).not.toContain("Khuổi Nhàn");
  expect(text, where).not.toContain(GROUP);
  for (const words of privateWords) expect(text, where).not.toContain(words);
}

/** What anyone with the code may see of it: where it stands and when. */
async function expectStageOnly(code: string, statusLabel: string, secrets: readonly string[]) {
  const { status, json } = await publicStatus(stack.url, code);
  expect(status).toBe(200);
  // Stage and dates: the current step's deadline is a date too (issue 10), and says nothing of her or the place.
  const stage = ["status", "statusLabel", "submittedAt", "timeline", "trackingCode", "updatedAt"];
  expect(Object.keys(json).sort()).toEqual([...stage, ...(json.deadline ? ["deadline"] : [])].sort());
  if (json.deadline) expect(Object.keys(json.deadline).sort()).toEqual(["due", "overdue", "workingDaysLeft"]);
  expect((json.statusLabel as { vi: string }).vi).toBe(statusLabel);
  for (const entry of json.timeline as object[]) expect(Object.keys(entry).sort()).toEqual(["action", "at", "label"]);
  const pages = await Promise.all(
    ["", "?lang=en"].map(async (q) =>
      (await fetch(`${stack.url}/petitions/${code}${q}`, { headers: { accept: "text/html" } })).text(),
    ),
  );
  expect(pages[0]).toContain(statusLabel);
  for (const text of [JSON.stringify(json), ...pages]) {
    expectNothingOfHer(text, `public status ${statusLabel}`, secrets);
    // No commune, category, holder (the unions' names name the commune) or agency.
    for (const word of ["Bình An", "Bạo lực", "violence", "Hội LHPN", "Công an", TITLE, CONTENT]) {
      expect(text, `public status ${statusLabel}`).not.toContain(word);
    }
  }
}

describe("a sensitive petition, from the form to the answer", () => {
  it("never shows the agency who she is, nor the Union's notes or her words; the public sees the stage only", async () => {
    const answer = await submit(stack.url, {
      title: TITLE,
      content: CONTENT,
      category: "violence",
      commune: "binh-an",
      village: `${VILLAGE} (nhà ${NAME}, 0912 345 678)`,
      petitioner: { fullName: NAME, phone: "0912 345 678", email: EMAIL, gender: "female" },
      onBehalfOf: `${GROUP}, liên hệ ${NAME} +84 912 345 678`,
      consent: true,
      // No choice made: for a sensitive category her identity is kept from the agency.
    });
    const code = answer.trackingCode;
    const secrets: string[] = [];

    // Her receipt goes to an address that never answered: the code and fixed words, not her words or her link.
    const [receipt] = await stack.inbox.waitFor(EMAIL);
    for (const text of mailTexts(receipt as Mail)) {
      expect(text).toContain(code);
      expect(text).not.toContain(NAME);
      expect(text).not.toContain(TITLE);
      expect(text).not.toMatch(/\/a\/[a-z2-7]{32}/);
    }
    expect(receipt?.body.text).toContain(`/petitions/${code}`);
    await expectStageOnly(code, "Đang chờ Hội Phụ nữ xã tiếp nhận", secrets);

    // The Union sees who she is, and is reminded what the agency will not see.
    const screening = await linkFor(stack.inbox, SCREENER, code);
    const screenerPage = await (await fetch(screening.link)).text();
    for (const text of [screenerPage, screening.mail.body.text ?? ""]) {
      expect(text).toContain(NAME);
      expect(text).toContain("0912 345 678");
      expect(text).toContain(VILLAGE);
      expect(text).toContain(GROUP);
    }
    expect(screenerPage).toContain("không đồng ý cho cơ quan biết chị là ai");
    expect(screenerPage).toContain('name="agencyMaySee"');

    // The screener asks her a question that names her; she answers with her name and number.
    const question = `Chị ${NAME} (0912345678) cho biết chồng chị có đe dọa chị không? QUESTION-TEXT`;
    secrets.push("QUESTION-TEXT");
    expect((await act(screening.link, "request_info", { question })).status).toBe(200);
    const own = await linkFor(stack.inbox, EMAIL, "Cần bổ sung thông tin");
    expect(own.mail.body.text).toContain("QUESTION-TEXT");
    const info = `Tôi là ${NAME}, số 0912.345.678, ở ${VILLAGE}. HER-ANSWER`;
    secrets.push("HER-ANSWER");
    expect((await act(own.link, "provide_info", { info })).status).toBe(200);

    // The screener accepts with a note for the Union only; the approver forwards with a note for the agency.
    const again = await linkFor(stack.inbox, SCREENER, code, 2);
    const note = `Đã gọi lại chị ${NAME} theo số +84912345678. UNION-NOTE`;
    secrets.push("UNION-NOTE");
    expect((await act(again.link, "accept", { note })).status).toBe(200);
    const approval = await linkFor(stack.inbox, APPROVER, code);
    const approverPage = await (await fetch(approval.link)).text();
    expect(approverPage).toContain(NAME);
    expect(approverPage).toContain("UNION-NOTE");
    expect(approverPage).toContain("HER-ANSWER");
    expect((await act(approval.link, "forward", { note: FOR_AGENCY })).status).toBe(200);
    await expectStageOnly(code, "Đã chuyển đến cơ quan có thẩm quyền", secrets);

    // The agency: the petition, its commune and the note for it; nothing of her, of the Union's notes or her words.
    const agency = await linkFor(stack.inbox, AGENCY, code);
    const agencyPage = await (await fetch(agency.link)).text();
    for (const [where, text] of [
      ["agency's mail (text)", agency.mail.body.text ?? ""],
      ["agency's mail (html)", agency.mail.body.html ?? ""],
      ["agency's page", agencyPage],
    ] as const) {
      expectNothingOfHer(text, where, secrets);
      expect(text, where).toContain(TITLE);
      expect(text, where).toContain(CONTENT.slice(0, 40));
      expect(text, where).toContain("Xã Bình An");
      expect(text, where).toContain("giữ kín");
    }
    expect(agencyPage).toContain(FOR_AGENCY);
    // The approver's note for the agency travels with the mail that hands it over, too.
    expect(agency.mail.body.text).toContain(FOR_AGENCY);

    expect((await act(agency.link, "acknowledge")).status).toBe(200);
    const acknowledged = await (await fetch(agency.link)).text();
    expectNothingOfHer(acknowledged, "agency's page, acknowledged", secrets);
    await expectStageOnly(code, "Cơ quan đã tiếp nhận, đang xử lý", secrets);
    expect((await act(agency.link, "answer", { answer: ANSWER })).status).toBe(200);

    // Her step now: the agency's link says who did what, still without her.
    const done = await fetch(agency.link);
    expect(done.status).toBe(410);
    expectNothingOfHer(await done.text(), "agency's link after the answer", secrets);

    // She reads the answer in her mail and on her own link; the public status does not show it.
    const answered = await linkFor(stack.inbox, EMAIL, "Kiến nghị đã có trả lời");
    expect(answered.mail.body.text).toContain(ANSWER);
    expect(await (await fetch(answered.link)).text()).toContain(ANSWER);
    await expectStageOnly(code, "Đã có trả lời", [...secrets, ANSWER]);

    // Every mail the agency received about it.
    const toAgency = (await stack.inbox.to(AGENCY)).filter((m) => m.subject.includes(code));
    expect(toAgency.length).toBeGreaterThan(0);
    for (const m of toAgency) for (const text of mailTexts(m)) expectNothingOfHer(text, m.subject, secrets);
  });
});
