import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoConfig } from "../../shared/config/demo.ts";
import { resetClock } from "../../shared/platform/clock.ts";
import { sendOrganiserLink } from "../../shared/registration/organisers.ts";
import { axeViolations, launchChromium, overflows, PHONE } from "../support/browser.ts";
import { testEvent } from "../support/fixtures.ts";
import { mailFor } from "../support/petitions.ts";
import { linksIn, startStack, type TestStack } from "../support/stack.ts";
import { at, sweep } from "../support/sweeps.ts";

/**
 * Issue 12 in Chromium on a 360-pixel phone without JavaScript: the organiser records issues on her session's record
 * page (one refused and shown again with its message beside the field, one answered in the hall with a commitment),
 * the agency opens the commitment's page and reports progress, and an invited leader reads the dossier. Every page
 * passes axe's WCAG 2 A/AA checks and fits the screen.
 */
const EVENT = "bien-ban-trinh-duyet";
const ORGANISER = "hlhpn.thuonglam@example.org";
const AGENCY = "ubnd.thuong-lam@example.org";
const LEADER = "chutich.ubnd.thuonglam@example.org";
let stack: TestStack;
let chromium: { browser: Browser; close(): Promise<void> };
let organiser = "";

beforeAll(async () => {
  at("2027-05-03T08:00");
  const session = testEvent({
    id: EVENT,
    startsAt: "2027-05-10T08:00:00+07:00",
    endsAt: "2027-05-10T11:00:00+07:00",
    registrationClosesAt: "2027-05-07T17:00:00+07:00",
    leaders: [{ name: "Hoàng Văn Thắng", title: "Chủ tịch UBND xã", email: LEADER }],
  });
  stack = await startStack({ config: { ...demoConfig(), events: [session] } });
  chromium = await launchChromium();
  await sendOrganiserLink(EVENT, ORGANISER, stack.url);
  organiser = linksIn(await mailFor(stack.inbox, ORGANISER, "Danh sách đăng ký")).find((l) =>
    l.includes("/g/"),
  ) as string;
});
afterAll(async () => {
  resetClock();
  await chromium?.close();
  await stack?.stop();
});

describe("a session's pages in Chromium at 360 px, without JavaScript", () => {
  it("the record: an issue refused then recorded, one answered in the hall with a commitment", async () => {
    at("2027-05-10T10:00");
    const context = await chromium.browser.newContext({ javaScriptEnabled: false, viewport: PHONE });
    const page = await context.newPage();
    const record = `${organiser}?view=record`;
    expect((await page.goto(record))?.status()).toBe(200);
    expect(await overflows(page)).toBe(false);
    expect(await axeViolations(chromium.browser, record)).toEqual([]);

    // No title: the same form comes back, the message beside the field, what she typed still there.
    await page.fill("#f-village", "Nà Tông");
    await page.selectOption("#f-category", "health");
    await page.click('form:has(#f-title) button[type="submit"]');
    expect(await page.locator(".field.invalid #f-title").count()).toBe(1);
    expect(await page.inputValue("#f-village")).toBe("Nà Tông");
    expect(await overflows(page)).toBe(false);

    await page.fill("#f-title", "Trạm y tế thiếu thuốc cho trẻ em");
    await page.fill("#f-answer", "Xã sẽ đề nghị huyện cấp thêm thuốc.");
    await page.fill("#f-answeredBy", "Chủ tịch UBND xã");
    await page.fill("#f-commitment", "Gửi văn bản đề nghị huyện cấp thuốc");
    await page.selectOption("#f-commitmentAgency", "ubnd-xa");
    await page.fill("#f-commitmentDue", "10");
    await page.click('form:has(#f-title) button[type="submit"]');
    expect(await page.locator(".notice").innerText()).toContain("Đã ghi");
    expect(await page.locator("ul.issues li").count()).toBe(1);
    // The page as it is now, with its issue, passes axe too.
    expect(await axeViolations(chromium.browser, record)).toEqual([]);
    await context.close();
  });

  it("the commitment's page: the agency reports progress; the leader's dossier", async () => {
    const link = linksIn(await mailFor(stack.inbox, AGENCY, "Cam kết cần thực hiện")).find((l) =>
      l.includes("/c/"),
    ) as string;
    const context = await chromium.browser.newContext({ javaScriptEnabled: false, viewport: PHONE });
    const page = await context.newPage();
    expect((await page.goto(link))?.status()).toBe(200);
    expect(await overflows(page)).toBe(false);
    expect(await axeViolations(chromium.browser, link)).toEqual([]);
    await page.fill("#f-percent", "120");
    await page.click('button[type="submit"]');
    expect(await page.locator(".field.invalid #f-percent").count()).toBe(1);
    await page.fill("#f-percent", "50");
    await page.fill("#f-note", "Đã gửi văn bản lên huyện.");
    await page.click('button[type="submit"]');
    expect(await page.locator(".notice").innerText()).toContain("Đã ghi nhận");
    expect(await page.content()).toContain("Đã gửi văn bản lên huyện.");
    await context.close();

    // The dossier went to the leader three working days before the session (nothing was sent beforehand: it says so).
    at("2027-05-05T09:00");
    expect(await sweep()).toMatchObject({ dossiers: 1 });
    const dossier = linksIn(await mailFor(stack.inbox, LEADER, "gửi trước")).find((l) => l.includes("/s/")) as string;
    expect(await axeViolations(chromium.browser, dossier)).toEqual([]);
  });
});
