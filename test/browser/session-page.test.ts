import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ethnicGroups } from "../../shared/config/ethnic-groups.ts";
import { keys } from "../../shared/keys.ts";
import type { Petition } from "../../shared/petitions/petition.ts";
import { now } from "../../shared/platform/clock.ts";
import { vietnamDay } from "../../shared/platform/dates.ts";
import { db, tableName } from "../../shared/platform/dynamo.ts";
import { addDays } from "../../shared/platform/workdays.ts";
import type { Registration } from "../../shared/registration/model.ts";
import type { Commitment, SessionIssue } from "../../shared/sessions/model.ts";
import type { SessionPublicView } from "../../shared/sessions/public.ts";
import { axeViolations, launchChromium, overflows, PHONE } from "../support/browser.ts";
import { startStack, type TestStack } from "../support/stack.ts";

/**
 * Issue 12, part 4, on the real stack: the demo dialogue session's public follow-up, with the items the session
 * record writes (registrations checked in, 40 issues with their pointers, 40 commitments and their progress entries,
 * and one sensitive issue) put straight into the table as the lead's model lays them out. The page reads on a phone
 * without JavaScript, passes axe, prints, stays under 30 KB; the JSON is the same view; the sensitive issue is counted
 * and not shown. What it counts is checked item by item in test/unit/session-public.test.ts.
 */
const EVENT = "doi-thoai-thuong-lam-2027";
const ISSUES = 40;
const HALL_LEADER = "Chủ tịch UBND xã Thượng Lâm";
const SECRET_TITLE = "Chồng chị bị đánh ở thôn Nà Tông, xin được bảo vệ";
const HER = { fullName: "Ma Thị Hoa", phone: "+84912345601", village: "Thôn Nà Tông" };
let stack: TestStack;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let url: string;
const today = vietnamDay(now());

const put = (item: Record<string, unknown>) => db().send(new PutCommand({ TableName: tableName(), Item: item }));

/**
 * Lengths as a session's record has them, in Vietnamese (two or three bytes to most letters): titles of 45–75
 * characters (60 on average), answers of 60–130 (100), commitments of 40–80 (50), progress notes of 15–35.
 */
const TITLES = [
  "Đề nghị sửa chữa, đổ bê tông đoạn đường từ thôn Khuổi Củng ra trung tâm xã",
  "Đề nghị hỗ trợ vốn vay ưu đãi để phụ nữ nuôi trâu, bò sinh sản",
  "Đề nghị mở lớp dạy nghề dệt thổ cẩm cho phụ nữ",
  "Đề nghị cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi còn thiếu",
  "Đề nghị lắp đặt nước sạch cho các hộ ở thôn Nặm Đíp",
];
const ANSWERS = [
  "UBND xã ghi nhận, đã giao cán bộ khảo sát, lập dự toán và đưa vào kế hoạch năm tới; trong khi chờ, xã vận động nhân dân sửa tạm.",
  "Ngân hàng sẽ xét hồ sơ vay của các hộ đủ điều kiện trong quý II.",
  "Phòng sẽ phối hợp với trung tâm giáo dục nghề nghiệp mở một lớp 30 học viên, miễn học phí, ngay trong năm nay.",
  "Bảo hiểm xã hội huyện sẽ rà soát danh sách và cấp bổ sung thẻ trong tháng tới.",
  "Xã đã đề nghị huyện đưa công trình nước sạch thôn Nặm Đíp vào danh mục đầu tư của chương trình mục tiêu quốc gia giai đoạn tới.",
];
const WHATS = [
  "Lập dự toán và trình HĐND xã phê duyệt kinh phí",
  "Giải ngân vốn vay cho các hộ đủ điều kiện",
  "Mở lớp dạy nghề dệt thổ cẩm cho 30 học viên",
  "Cấp bổ sung thẻ bảo hiểm y tế cho trẻ em còn thiếu trong danh sách đã rà soát",
  "Trình huyện danh mục công trình nước sạch",
];
const NOTES = [
  "Đã khảo sát xong hai thôn",
  "Đã nhận 12 bộ hồ sơ",
  "Đang tuyển học viên, đã có 18 người",
  "Đã rà soát xong",
  "Đã gửi tờ trình lên huyện",
];
const AGENCIES = ["ubnd-xa", "nhcsxh", "phong-gddt", "bhxh", "phong-tnmt"];
const CATEGORIES = ["infrastructure", "credit", "education", "insurance", "land"];

function petition(i: number, over: Partial<Petition> = {}): Petition {
  const code = `TNPAGE${String(i).padStart(4, "0")}`;
  const at = new Date(Date.parse("2027-03-08T01:00:00.000Z") + i * 60_000).toISOString();
  const agency = AGENCIES[i % 5] as string;
  return {
    trackingCode: code,
    status: "forwarded",
    version: 3,
    stepVersion: 3,
    title: TITLES[i % 5] as string,
    content: "Nội dung chi tiết của kiến nghị, không hiện trên trang công khai.",
    category: CATEGORIES[i % 5] as string,
    commune: "thuong-lam",
    village: HER.village,
    petitioner: { fullName: HER.fullName, phone: HER.phone },
    eventId: EVENT,
    raisedAt: i % 4 === 0 ? "before" : "session",
    raisedBy: "woman",
    shareIdentityWithAgency: true,
    lang: "vi",
    consentAt: at,
    consentVersion: "1",
    routing: { screeningUnit: "hlhpn-thuong-lam", approvingUnit: "hlhpn-lam-binh", agency },
    createdAt: at,
    updatedAt: at,
    stepStartedAt: at,
    ...over,
  };
}

/** Of 40 commitments: 10 done on time, 5 done late, 10 overdue, 15 open and not yet due. */
function commitment(p: Petition, i: number): Commitment {
  const kind = i < 10 ? "kept" : i < 15 ? "late" : i < 25 ? "overdue" : "open";
  const due = kind === "overdue" || kind === "late" ? addDays(today, -10) : addDays(today, 30);
  return {
    trackingCode: p.trackingCode,
    n: 1,
    what: WHATS[i % 5] as string,
    agency: p.routing.agency,
    due,
    madeAt: p.createdAt,
    madeIn: p.answer?.inHall ? "hall" : "answer",
    madeBy: p.answer?.inHall ? HALL_LEADER : p.routing.agency,
    eventId: EVENT,
    status: kind === "kept" || kind === "late" ? "done" : "open",
    percent: kind === "kept" || kind === "late" ? 100 : 40,
    note: NOTES[i % 5] as string,
    reportedAt: p.createdAt,
    ...(kind === "kept" ? { onTime: true, doneAt: p.createdAt } : {}),
    ...(kind === "late" ? { onTime: false, doneAt: p.createdAt } : {}),
    version: 2,
  };
}

async function putIssue(p: Petition, commitments: Commitment[]) {
  const pointer: SessionIssue = {
    eventId: EVENT,
    trackingCode: p.trackingCode,
    raisedAt: p.raisedAt ?? "before",
    createdAt: p.createdAt,
  };
  await put({ ...keys.petition(p.trackingCode), ...p, commitmentCount: commitments.length });
  await put({ ...keys.sessionIssue(EVENT, p.trackingCode), ...pointer });
  for (const c of commitments) {
    await put({ ...keys.commitment(c.trackingCode, c.n), ...c });
    // A progress entry shares the commitment's prefix: the page must not take it for another commitment.
    await put({
      ...keys.commitmentEntry(c.trackingCode, c.n, c.madeAt),
      what: "progress entry, not a commitment",
      percent: 40,
      note: "progress entry",
    });
  }
}

function registration(i: number, over: Partial<Registration> = {}): Registration {
  const at = new Date(Date.parse("2027-03-01T01:00:00.000Z") + i * 1000).toISOString();
  return {
    eventId: EVENT,
    registrationId: `pagereg${String(i).padStart(8, "0")}`,
    code: `PAGE${i}`,
    status: "confirmed",
    fullName: `Hoàng Thị Lan ${i}`,
    phone: `+8491234${String(i).padStart(4, "0")}`,
    gender: i % 10 === 0 ? "male" : "female",
    role: "member",
    commune: "thuong-lam",
    village: "Thôn Khuổi Củng",
    consentAt: at,
    consentVersion: "1",
    lang: "vi",
    createdAt: at,
    updatedAt: at,
    ...over,
  };
}

beforeAll(async () => {
  stack = await startStack();
  chromium = await launchChromium();
  url = `${stack.url}/sessions/${EVENT}`;
  const tay = ethnicGroups.find((g) => g.name === "Tày");
  const dao = ethnicGroups.find((g) => g.name === "Dao");
  // 60 checked in (6 men; 30 Tày, one woman who gave "Dao" as her group), 5 who registered and did not come.
  for (let i = 0; i < 65; i++) {
    const came = i < 60 ? { checkedInAt: "2027-03-08T00:45:00.000Z" } : {};
    const group = i === 1 ? dao : i % 2 === 0 ? tay : undefined;
    const ethnicity = group ? { ethnicity: group, ethnicityConsentAt: "2027-03-01T01:00:00.000Z" } : {};
    await put({
      ...keys.registration(EVENT, registration(i).registrationId),
      ...registration(i, { ...came, ...ethnicity }),
    });
  }
  // 40 issues: 20 answered in the hall, 15 by their agency later, 5 still with the agency; one commitment each.
  for (let i = 0; i < ISSUES; i++) {
    const answer =
      i < 20
        ? {
            text: ANSWERS[i % 5] as string,
            at: "2027-03-08T02:00:00.000Z",
            agency: "ubnd-xa",
            inHall: { by: HALL_LEADER },
          }
        : i < 35
          ? { text: ANSWERS[i % 5] as string, at: "2027-03-25T02:00:00.000Z", agency: AGENCIES[i % 5] as string }
          : undefined;
    const p = petition(i, answer ? { status: "answered", answer } : {});
    await putIssue(p, [commitment(p, i)]);
  }
  const secret = petition(99, {
    title: SECRET_TITLE,
    category: "violence",
    shareIdentityWithAgency: false,
    status: "answered",
    answer: {
      text: "Công an xã sẽ làm việc với gia đình.",
      at: "2027-03-08T02:00:00.000Z",
      agency: "cong-an",
      inHall: { by: "Trưởng Công an xã" },
    },
    routing: { screeningUnit: "hlhpn-thuong-lam", approvingUnit: "hlhpn-lam-binh", agency: "cong-an" },
  });
  await putIssue(secret, [{ ...commitment(secret, 20), what: "Bảo vệ an toàn cho chị tại thôn Nà Tông" }]);
});
afterAll(async () => {
  await chromium?.close();
  await stack?.stop();
});

const getJson = async (address: string) => {
  const res = await fetch(address, { headers: { accept: "application/json" } });
  return {
    status: res.status,
    type: res.headers.get("content-type"),
    body: (await res.json()) as Record<string, unknown>,
  };
};

describe("a dialogue session's public follow-up page", () => {
  it("reads on a 360-pixel phone without JavaScript, passes axe, and weighs under 30 KB with 40 issues and 40 commitments", async () => {
    const context = await chromium.browser.newContext({ javaScriptEnabled: false, viewport: PHONE });
    const page = await context.newPage();
    const res = await page.goto(url);
    expect(res?.status()).toBe(200);
    const body = (await res?.body()) as Buffer;
    console.log(`session page: ${body.length} bytes (${ISSUES} issues, ${ISSUES} commitments shown)`);
    expect(body.length).toBeLessThanOrEqual(30 * 1024);
    const content = body.toString("utf8");
    expect(content).not.toContain("<script");
    expect(content).not.toMatch(/<(img|link|iframe)\b/);
    expect(await page.locator("html").getAttribute("lang")).toBe("vi");
    expect(await page.locator("h1").innerText()).toContain("Đối thoại chính sách cấp xã");
    expect(await page.locator("ol > li").count()).toBe(ISSUES);
    expect(await page.locator("ol ul > li").count()).toBe(ISSUES);
    expect(await overflows(page)).toBe(false);
    // The page's own stylesheet applies (its Content-Security-Policy allows it by its hash) …
    const header = page.locator("header");
    const background = await header.evaluate(
      (e) =>
        (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(e)
          .backgroundColor,
    );
    expect(background).toBe("rgb(138, 21, 56)");
    // … and on paper the site's header and the language link are left out.
    await page.emulateMedia({ media: "print" });
    expect(await header.isVisible()).toBe(false);
    expect(await page.locator(".sw").isVisible()).toBe(false);
    const pdf = await page.pdf({ format: "A4" });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    await context.close();
    expect(await axeViolations(chromium.browser, url)).toEqual([]);
  });

  it("counts a sensitive issue and its commitment, and shows neither, nor anyone's name, phone or village", async () => {
    const html = await (await fetch(url, { headers: { accept: "text/html" } })).text();
    const { body } = await getJson(url);
    for (const text of [html, JSON.stringify(body)]) {
      for (const secret of [
        SECRET_TITLE,
        "Công an xã sẽ làm việc",
        "Trưởng Công an xã",
        "Bảo vệ an toàn",
        HER.fullName,
        HER.village,
        "Hoàng Thị Lan",
        "912345601",
        "+8491234",
      ]) {
        expect(text).not.toContain(secret);
      }
    }
    expect(html).toContain("1 kiến nghị được tính trong các con số nhưng không nêu nội dung");
  });

  it("gives the same view as JSON: counts, issues with their commitments, the progress entries left out", async () => {
    const { status, type, body } = await getJson(url);
    expect(status).toBe(200);
    expect(type).toContain("application/json");
    const view = body as unknown as SessionPublicView;
    expect(view.session).toMatchObject({ id: EVENT, commune: { id: "thuong-lam" } });
    expect(view.today).toBe(today);
    expect(view.summary).toEqual({
      raised: ISSUES + 1,
      answeredInHall: 21,
      answeredLater: 15,
      protected: 1,
      commitments: ISSUES + 1,
      kept: 10,
      late: 5,
      overdue: 11,
      open: 15,
    });
    expect(view.attendance.checkedIn).toBe(60);
    expect(view.attendance.gender).toEqual([
      { id: "female", people: 54 },
      { id: "male", people: 6 },
      { id: "other", people: 0 },
    ]);
    // One "Dao" is alone under 3: "not stated" (29), the smallest other group, is kept back beside her.
    expect(view.attendance.ethnicity).toEqual([
      { id: expect.any(String), name: "Tày", people: 30 },
      { id: expect.any(String), name: "Dao", suppressed: true },
      { id: "not_stated", withheld: true },
    ]);
    expect(view.issues).toHaveLength(ISSUES);
    expect(view.issues.every((i) => i.commitments.length === 1)).toBe(true);
    expect(view.issues[0]).toMatchObject({
      raisedAt: "before",
      answer: { text: ANSWERS[0], by: HALL_LEADER, inHall: true },
      commitments: [{ n: 1, what: WHATS[0], percent: 100, standing: "kept", note: { text: NOTES[0] } }],
    });
  });

  it("is in English with ?lang=en", async () => {
    const res = await fetch(`${url}?lang=en`, { headers: { accept: "text/html" } });
    expect(res.headers.get("content-language")).toBe("en");
    const html = await res.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain("Issues raised");
    expect(html).toContain("1 issue(s) are counted in the figures but not shown");
    expect(html).toContain('href="?lang=vi"');
  });

  it("is a 404 problem for an unknown event, and for an event that is not a dialogue session", async () => {
    for (const id of ["no-such-session", "tap-huan-dtcs-2027", "x".repeat(300)]) {
      const { status, type, body } = await getJson(`${stack.url}/sessions/${id}`);
      expect(status).toBe(404);
      expect(type).toContain("application/problem+json");
      expect(body.type).toBe("/problems/not-found");
    }
    expect((await fetch(`${stack.url}/sessions/no-such-session`, { headers: { accept: "text/html" } })).status).toBe(
      404,
    );
  });
});
