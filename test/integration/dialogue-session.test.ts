import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoConfig } from "../../shared/config/demo.ts";
import { commitmentsOf } from "../../shared/petitions/commitments.ts";
import { getPetition } from "../../shared/petitions/petition.ts";
import { parseTrackingCode } from "../../shared/petitions/tracking.ts";
import { resetClock } from "../../shared/platform/clock.ts";
import { sendOrganiserLink } from "../../shared/registration/organisers.ts";
import { sendLeaderLink } from "../../shared/reports/service.ts";
import { getSessionRecord } from "../../shared/sessions/record.ts";
import { testEvent, validRegistration } from "../support/fixtures.ts";
import { act, demoPath, linkFor, mailFor, petitionBody, submit } from "../support/petitions.ts";
import { linksIn, type Mail, postForm, postJson, startStack, type TestStack } from "../support/stack.ts";
import { at, sweep } from "../support/sweeps.ts";

/**
 * Issue 12, end to end: a dialogue session from its registrations to a kept promise. Women register and are checked
 * in; six issues are recorded at the session — four from the organiser's form (one answered in the hall with a
 * commitment, one a group's, one about violence), two from the secretary's sheet whose third row is refused; the
 * organiser is reminded until she closes the record; the commitment is reminded, escalated across the Hùng Kings
 * holiday of 2027, reported in progress and done, the woman told each time; and the public follow-up page shows it
 * all without a name.
 */
const EVENT = "doi-thoai-e2e";
const ORGANISER = "hlhpn.thuonglam@example.org";
const AGENCY = "ubnd.thuong-lam@example.org"; // ubnd-xa's address for Thượng Lâm
const DISTRICT = demoPath.approver; // approver of hlhpn-lam-binh, the unit above the commune
const LEADER = "chutich.ubnd.thuonglam@example.org";
const HOA = { name: "Ma Thị Hoa", email: "hoa.e2e@example.org", phone: "0912345611" };
const session = testEvent({
  id: EVENT,
  startsAt: "2027-03-08T08:00:00+07:00",
  endsAt: "2027-03-08T11:00:00+07:00",
  registrationClosesAt: "2027-03-05T17:00:00+07:00",
  leaders: [{ name: "Hoàng Văn Thắng", title: "Chủ tịch UBND xã Thượng Lâm", email: LEADER }],
});
let stack: TestStack;

beforeAll(async () => {
  at("2027-02-22T09:00");
  stack = await startStack({ config: { ...demoConfig(), events: [session] } });
});
afterAll(async () => {
  resetClock();
  await stack?.stop();
});

/** The newest link of `kind` (`/g/`, `/c/`) in the newest mail to `address` whose subject has `subject`. */
async function linkIn(address: string, subject: string, path: string, count = 1): Promise<string> {
  const mail: Mail = await mailFor(stack.inbox, address, subject, count);
  const found = linksIn(mail).find((l) => l.includes(path));
  if (!found) throw new Error(`no ${path} link in "${mail.subject}"`);
  return found;
}

const page = async (res: Response) => ({ status: res.status, html: await res.text() });
const codeIn = (html: string) => /mã ([A-Z0-9]{5}-[A-Z0-9]+)/.exec(html)?.[1] as string;

describe("a dialogue session, from registration to the kept promise", () => {
  const codes = { road: "", group: "", violence: "", school: "", before: "" };
  let organiser = "";

  it("compiles the issues sent beforehand for the invited leaders, who mark those they will answer", async () => {
    // Only a session of her own commune can be named (the sample petition is Thượng Lâm's; this one Khuôn Hà's).
    const elsewhere = await postJson(
      `${stack.url}/petitions`,
      petitionBody({ eventId: EVENT, commune: "khuon-ha", village: undefined }),
    );
    expect(elsewhere.status).toBe(400);
    expect((elsewhere.json.errors as { path: string }[]).map((e) => e.path)).toEqual(["eventId"]);
    const sent = await submit(
      stack.url,
      petitionBody({ eventId: EVENT, title: "Nước sinh hoạt thôn Khuổi Củng bị đục" }),
    );
    codes.before = sent.trackingCode;
    expect(await getPetition(parseTrackingCode(sent.trackingCode) as string)).toMatchObject({ raisedAt: "before" });
    // Three working days before Monday 8 March: Wednesday 3 March.
    at("2027-03-02T09:00");
    expect(await sweep()).toMatchObject({ dossiers: 0 });
    at("2027-03-03T09:00");
    expect(await sweep()).toMatchObject({ dossiers: 1 });
    expect(await sweep()).toMatchObject({ dossiers: 0 });
    const dossier = await linkIn(LEADER, "Ý kiến, kiến nghị gửi trước", "/s/");
    const shown = await page(await fetch(dossier));
    expect(shown.status).toBe(200);
    expect(shown.html).toContain("Nước sinh hoạt thôn Khuổi Củng bị đục");
    // Who sent it is not the leaders' to know from the dossier.
    const her = (petitionBody().petitioner as unknown as { fullName: string }).fullName;
    expect(shown.html).not.toContain(her);
    const code = parseTrackingCode(sent.trackingCode) as string;
    const marked = await page(await postForm(dossier, { [`answer.${code}`]: "on" }));
    expect(marked.status).toBe(200);
    expect(marked.html).toContain("checked");
  });

  it("registers women, checks them in at the door, and records six issues (two from a sheet, one row refused)", async () => {
    const women = [
      { ...validRegistration, fullName: HOA.name, phone: HOA.phone, email: HOA.email },
      { ...validRegistration, fullName: "Hoàng Thị Mai", phone: "0912345612" },
      { ...validRegistration, fullName: "Lý Thị Lan", phone: "0912345613" },
      { ...validRegistration, fullName: "Bàn Thị Sen", phone: "0912345614" },
    ];
    const spoken: string[] = [];
    for (const w of women) {
      const res = await postJson(`${stack.url}/events/${EVENT}/registrations`, w);
      expect(res.status, res.text).toBe(201);
      spoken.push(String(res.json.code));
    }

    at("2027-03-08T07:45");
    await sendOrganiserLink(EVENT, ORGANISER, stack.url);
    organiser = await linkIn(ORGANISER, "Danh sách đăng ký", "/g/");
    for (const code of spoken.slice(0, 3)) {
      expect((await postForm(organiser, { action: "checkin", code })).status).toBe(200);
    }

    at("2027-03-08T10:30");
    const record = `${organiser}/record`;
    const sheet = `${organiser}/sheet`;
    const form = (fields: Record<string, string>) => postForm(record, { action: "issue", ...fields });
    // Hers, answered in the hall with a commitment the commune keeps.
    const roadAnswer = await page(
      await form({
        "raisedBy.fullName": HOA.name,
        "raisedBy.phone": HOA.phone,
        "raisedBy.email": HOA.email,
        village: "Nà Tông",
        category: "infrastructure",
        title: "Đường vào thôn Nà Tông sạt lở",
        content: "Mùa mưa năm ngoái đường sạt, học sinh không đến trường được.",
        answer: "Xã sẽ sửa đoạn đường sạt trước mùa mưa.",
        answeredBy: "Chủ tịch UBND xã Thượng Lâm",
        commitment: "Sửa 300 m đường vào thôn Nà Tông",
        commitmentAgency: "ubnd-xa",
        commitmentDue: "15/04/2027",
      }),
    );
    expect(roadAnswer.status, roadAnswer.html).toBe(201);
    codes.road = codeIn(roadAnswer.html);
    // A group's: no name written.
    const group = await page(
      await form({ village: "Khuổi Củng", category: "health", title: "Trạm y tế thiếu thuốc cho trẻ em" }),
    );
    expect(group.status).toBe(201);
    codes.group = codeIn(group.html);
    // About violence: counted on the public page, never shown.
    const violence = await page(
      await form({
        "raisedBy.fullName": "Hoàng Thị Mai",
        category: "violence",
        title: "Cần nơi tạm lánh cho phụ nữ bị bạo lực",
      }),
    );
    expect(violence.status).toBe(201);
    codes.violence = codeIn(violence.html);
    const school = await page(
      await form({
        "raisedBy.fullName": "Lý Thị Lan",
        "raisedBy.phone": "0912345613",
        category: "education",
        title: "Thiếu giáo viên tiếng Tày",
      }),
    );
    expect(school.status).toBe(201);
    codes.school = codeIn(school.html);

    // Her e-mail without her phone: refused beside the phone field (her data rights find her by it).
    const noPhone = await page(
      await form({
        "raisedBy.fullName": "Ma Thị Nga",
        "raisedBy.email": "nga@example.org",
        category: "health",
        title: "X",
      }),
    );
    expect(noPhone.status).toBe(400);
    expect(noPhone.html).toMatch(/class="field invalid"><label for="f-raisedBy-phone"/);
    // A form left without its title comes back with the message beside the field, and records nothing.
    const refused = await page(await form({ category: "health" }));
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('class="field invalid"');

    // The secretary's sheet: three rows, the third with a category nobody configured.
    const csv = [
      "Người nêu;Thôn, bản;Lĩnh vực;Vấn đề;Nội dung",
      ";Nà Tông;credit;Vay vốn chăn nuôi;Cần tăng mức vay cho hộ nghèo",
      "Bàn Thị Sen;Khuổi Củng;Việc làm, sinh kế, giảm nghèo;Học nghề cho thanh niên;",
      "Ma Thị Nga;Nà Tông;thu-nhap;Giá thu mua chè;",
    ].join("\r\n");
    const upload = async () => {
      const body = new FormData();
      body.set("sheet", new Blob([csv], { type: "text/csv" }), "bien-ban.csv");
      return page(await fetch(sheet, { method: "POST", body }));
    };
    const first = await upload();
    expect(first.status, first.html).toBe(201);
    expect(first.html).toContain("Đã ghi 2 ý kiến");
    expect(first.html).toContain("Dòng 4");
    // Uploaded again (a lost answer, a second press): the two rows are found, not recorded twice.
    const second = await upload();
    expect(second.status).toBe(400);
    expect(second.html).toContain("Đã ghi 0 ý kiến");

    // A file goes only where a sheet is taken: the record's other forms refuse a multipart body.
    const stray = new FormData();
    stray.set("action", "issue");
    expect((await fetch(record, { method: "POST", body: stray })).status).toBe(415);
    // The session is not over until 11:00: the record cannot be closed yet (its dossier and reminders would stop).
    const early = await page(await postForm(record, { action: "close" }));
    expect(early.status).toBe(400);
    expect(early.html).toContain("Hội nghị chưa kết thúc");

    const listed = await page(await fetch(`${organiser}?view=record`));
    // Six recorded at the session, and the one sent beforehand, which the commune's chair said he would answer.
    expect(listed.html).toContain("(7)");
    expect(listed.html).toContain("Hoàng Văn Thắng (Chủ tịch UBND xã Thượng Lâm)");
    expect(await getSessionRecord(EVENT)).toMatchObject({ eventId: EVENT });
  });

  it("answers one in the hall, routes the rest to the commune union, and tells her", async () => {
    const road = await getPetition(parseTrackingCode(codes.road) as string);
    expect(road).toMatchObject({
      status: "answered",
      eventId: EVENT,
      raisedAt: "session",
      commitmentCount: 1,
      answer: { inHall: { by: "Chủ tịch UBND xã Thượng Lâm" } },
    });
    const group = await getPetition(parseTrackingCode(codes.group) as string);
    expect(group).toMatchObject({ status: "screening", raisedBy: "group" });
    expect(group?.petitioner.phone).toBeUndefined();
    // Routed as any other: the commune union is asked to screen each issue not answered in the hall.
    for (const code of [codes.group, codes.violence, codes.school]) {
      await mailFor(stack.inbox, demoPath.screener, code as string);
    }
    await mailFor(stack.inbox, HOA.email, codes.road as string);
  });

  it("records an issue as answered in the hall after it was entered, and an agency's later answer with its own commitment", async () => {
    at("2027-03-08T10:50");
    const hall = await page(
      await postForm(`${organiser}/record`, {
        action: "answer_in_hall",
        code: codes.school,
        answer: "Huyện đã có kế hoạch tuyển giáo viên biết tiếng Tày từ năm học tới.",
        answeredBy: "Phó Chủ tịch UBND xã Thượng Lâm",
      }),
    );
    expect(hall.status, hall.html).toBe(200);
    const school = await getPetition(parseTrackingCode(codes.school) as string);
    expect(school).toMatchObject({ status: "answered", answer: { inHall: { by: "Phó Chủ tịch UBND xã Thượng Lâm" } } });
    expect(school?.commitmentCount).toBeUndefined();
    // An issue answered already is not offered again, and an issue of another session is refused.
    const again = await page(
      await postForm(`${organiser}/record`, {
        action: "answer_in_hall",
        code: codes.school,
        answer: "x",
        answeredBy: "y",
      }),
    );
    expect(again.status).toBe(403);

    // The group's issue goes the usual way; the health office answers it later with a commitment of its own.
    at("2027-03-09T09:00");
    // Once the session has begun, the public form can no longer name it.
    const late = await postJson(`${stack.url}/petitions`, petitionBody({ eventId: EVENT }));
    expect(late.status).toBe(400);
    expect((await act((await linkFor(stack.inbox, demoPath.screener, codes.group)).link, "accept")).status).toBe(200);
    expect((await act((await linkFor(stack.inbox, DISTRICT, codes.group)).link, "forward")).status).toBe(200);
    const office = (await linkFor(stack.inbox, "yte.lambinh@example.org", codes.group)).link;
    // A due day already past is a message beside its field, and nothing is written.
    const past = await act(office, "answer", {
      answer: "Sẽ bổ sung.",
      commitment: "Cấp thuốc",
      commitmentDue: "01/03/2027",
    });
    expect(past.status).toBe(400);
    expect(past.html).toContain("Hạn phải sau hôm nay");
    expect((await getPetition(parseTrackingCode(codes.group) as string))?.status).toBe("forwarded");
    const answered = await act(office, "answer", {
      answer: "Phòng Y tế sẽ bổ sung cơ số thuốc cho trạm y tế xã.",
      commitment: "Cấp bổ sung thuốc cho trẻ em tại trạm y tế xã Thượng Lâm",
      commitmentDue: "30/06/2027",
    });
    expect(answered.status, answered.html).toBe(200);
    const [{ commitment }] = (await commitmentsOf(parseTrackingCode(codes.group) as string)) as [
      Awaited<ReturnType<typeof commitmentsOf>>[number],
    ];
    expect(commitment).toMatchObject({ agency: "phong-yte", madeIn: "answer", due: "2027-06-30", status: "open" });
  });

  it("reminds the organiser 3 and 7 days after the session until she closes the record", async () => {
    at("2027-03-10T09:00");
    expect(await sweep()).toMatchObject({ recordsReminded: 0 });
    at("2027-03-11T09:00");
    expect(await sweep()).toMatchObject({ recordsReminded: 1 });
    expect(await sweep()).toMatchObject({ recordsReminded: 0 });
    const reminded = await linkIn(ORGANISER, "biên bản", "/g/");
    expect(reminded).toMatch(/view=record/);
    at("2027-03-15T09:00");
    expect(await sweep()).toMatchObject({ recordsReminded: 1 });
    const closed = await page(await postForm(`${organiser}/record`, { action: "close", attendanceCounted: "4" }));
    expect(closed.status).toBe(200);
    expect((await getSessionRecord(EVENT))?.closedAt).toBeTruthy();
  });

  it("reminds the commitment's agency, escalates past the Hùng Kings holiday, and records it done, late", async () => {
    const code = parseTrackingCode(codes.road) as string;
    const [{ commitment }] = (await commitmentsOf(code)) as [Awaited<ReturnType<typeof commitmentsOf>>[number]];
    expect(commitment).toMatchObject({ due: "2027-04-15", agency: "ubnd-xa", madeIn: "hall", status: "open" });
    const agencyLink = await linkIn(AGENCY, "Cam kết cần thực hiện", "/c/");

    // Reminded two working days before (Tuesday 13 April) and on the day; Friday 16 April is the Hùng Kings'
    // holiday, so the district is told on Monday 19 April.
    at("2027-04-12T09:00");
    expect(await sweep()).toMatchObject({ commitmentsReminded: 0, commitmentsEscalated: 0 });
    at("2027-04-13T09:00");
    expect(await sweep()).toMatchObject({ commitmentsReminded: 1 });
    expect(await sweep()).toMatchObject({ commitmentsReminded: 0 });
    at("2027-04-15T09:00");
    expect(await sweep()).toMatchObject({ commitmentsReminded: 1 });
    at("2027-04-16T09:00");
    expect(await sweep()).toMatchObject({ commitmentsEscalated: 0 });
    at("2027-04-19T09:00");
    expect(await sweep()).toMatchObject({ commitmentsEscalated: 1 });
    const districtLink = await linkIn(DISTRICT, "Cam kết quá hạn", "/c/");
    // Missed, it is overdue in the district leaders' report (the petition's code and what was promised, not her name).
    await sendLeaderLink("hlhpn-lam-binh", DISTRICT, stack.url);
    const leader = await linkIn(DISTRICT, "Báo cáo", "/l/");
    const report = (await (await fetch(leader, { headers: { accept: "application/json" } })).json()) as {
      overdueCommitments: { code?: string; agency: string; due: string }[];
    };
    expect(report.overdueCommitments).toEqual([
      expect.objectContaining({ code: codes.road, agency: "ubnd-xa", due: "2027-04-15" }),
    ]);

    // The district records what it learned by phone; then the commune reports it done.
    at("2027-04-20T10:00");
    const progress = await act(districtLink, "", { percent: "60", note: "Đã đổ xong 180 m." });
    expect(progress.status, progress.html).toBe(200);
    await mailFor(stack.inbox, HOA.email, "Tiến độ cam kết");
    // Progress never goes backwards: the form says so beside the field.
    const backwards = await act(agencyLink, "", { percent: "10" });
    expect(backwards.status).toBe(400);
    at("2027-04-22T15:00");
    const done = await act(agencyLink, "", { percent: "100", note: "Đã sửa xong 300 m.", done: "on" });
    expect(done.status).toBe(200);
    await mailFor(stack.inbox, HOA.email, "đã hoàn thành");
    const [{ commitment: kept, entries }] = (await commitmentsOf(code)) as [
      Awaited<ReturnType<typeof commitmentsOf>>[number],
    ];
    expect(kept).toMatchObject({ status: "done", percent: 100, onTime: false });
    expect(entries.map((e) => e.kind)).toEqual(["remind", "remind", "escalate", "progress", "progress"]);
    // Done: no more alarms, and its link only shows.
    at("2027-04-26T09:00");
    expect(await sweep()).toMatchObject({ commitmentsReminded: 0, commitmentsEscalated: 0 });
    expect((await act(agencyLink, "", { percent: "100" })).status).toBe(409);
  });

  it("shows the session's follow-up publicly, printable and light, without a name", async () => {
    const res = await fetch(`${stack.url}/sessions/${EVENT}`, { headers: { accept: "text/html" } });
    const html = await res.text();
    expect(res.status).toBe(200);
    const bytes = Buffer.byteLength(html);
    console.log(`public follow-up page: ${bytes} bytes`);
    expect(bytes).toBeLessThanOrEqual(30 * 1024);
    expect(html).not.toMatch(/<script/i);
    for (const shown of [
      "Đường vào thôn Nà Tông sạt lở",
      "Sửa 300 m đường vào thôn Nà Tông",
      "Chủ tịch UBND xã Thượng Lâm",
      "Trạm y tế thiếu thuốc",
    ]) {
      expect(html).toContain(shown);
    }
    for (const hidden of [
      HOA.name,
      "Hoàng Thị Mai",
      "Lý Thị Lan",
      "Bàn Thị Sen",
      HOA.email,
      "0912",
      "Cần nơi tạm lánh",
    ]) {
      expect(html).not.toContain(hidden);
    }
    const json = await (
      await fetch(`${stack.url}/sessions/${EVENT}`, { headers: { accept: "application/json" } })
    ).text();
    for (const hidden of [HOA.name, "Hoàng Thị Mai", HOA.email, "Cần nơi tạm lánh"]) expect(json).not.toContain(hidden);
  });
});
