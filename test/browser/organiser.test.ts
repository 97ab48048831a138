import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendOrganiserLink } from "../../shared/registration/organisers.ts";
import { axeViolations, launchChromium, overflows, PHONE } from "../support/browser.ts";
import { configWith, testEvent, validRegistration } from "../support/fixtures.ts";
import { linksIn, postJson, startStack, type TestStack } from "../support/stack.ts";

/**
 * The organiser at the door, in a real browser on a 360-pixel phone screen without JavaScript: she checks a
 * woman in by the code she reads out, finds another by name, registers a walk-in, and cancels a flood from the
 * roster. Every page she sees passes axe's WCAG 2 A/AA checks.
 */
const ORGANISER = "hlhpn.thuonglam@example.org";
let stack: TestStack;
let chromium: { browser: Browser; close(): Promise<void> };
let link: string;

beforeAll(async () => {
  stack = await startStack({ config: configWith([testEvent({ id: "door-browser", capacity: 4 })]) });
  chromium = await launchChromium();
  await sendOrganiserLink("door-browser", ORGANISER, stack.url);
  const [mail] = await stack.inbox.waitFor(ORGANISER);
  link = linksIn(mail as never).find((l) => l.includes("/g/")) as string;
});
afterAll(async () => {
  await chromium?.close();
  await stack?.stop();
});

let phoneSeq = 0;
const register = (fullName: string) =>
  postJson(`${stack.url}/events/door-browser/registrations`, {
    ...validRegistration,
    fullName,
    phone: `0377${String(phoneSeq++).padStart(6, "0")}`,
  });

describe("the organiser's pages in Chromium at 360 px, without JavaScript", () => {
  it("check-in by a spoken code and by name, a walk-in, and a flood cancelled from the roster", async () => {
    const hoa = await register("Ma Thị Hòa");
    await register("Quan Thị Thu");
    const context = await chromium.browser.newContext({ javaScriptEnabled: false, viewport: PHONE });
    const page = await context.newPage();

    const door = await page.goto(link);
    expect(door?.status()).toBe(200);
    expect(Buffer.byteLength(await page.content())).toBeLessThanOrEqual(15 * 1024);
    expect(await overflows(page)).toBe(false);

    // She hears the code and types it as she hears it.
    const spoken = String(hoa.json.code)
      .toLowerCase()
      .replace(/(.{4})/, "$1 ");
    await page.fill("#f-code", spoken);
    await page.click('form:has(#f-code) button[type="submit"]');
    expect(await page.locator(".ok").innerText()).toContain("Đã điểm danh: Ma Thị Hòa");
    expect(Buffer.byteLength(await page.content())).toBeLessThanOrEqual(15 * 1024);

    // The other woman forgot her code: found by name, without the marks.
    await page.fill("#f-q", "quan thi");
    await page.click('form:has(#f-q) button[type="submit"]');
    await page.click('li:has-text("Quan Thị Thu") button');
    expect(await page.locator(".ok").innerText()).toContain("Đã điểm danh: Quan Thị Thu");

    // A woman who did not register.
    await page.click("text=Đăng ký tại chỗ");
    expect(await overflows(page)).toBe(false);
    await page.fill("#f-fullName", "Bàn Thị Liên");
    await page.fill("#f-phone", "0377 999 111");
    await page.check('input[name="gender"][value="female"]');
    await page.selectOption("#f-role", "Hội viên phụ nữ");
    await page.selectOption("#f-commune", "thuong-lam");
    await page.check("#f-consent");
    await page.click('button[type="submit"]');
    expect(await page.locator(".ok").innerText()).toContain("Đã đăng ký tại chỗ và điểm danh: Bàn Thị Liên");

    // A flood: the last seat and a waitlist of made-up numbers; the organiser cancels the bots she ticks.
    const bots = await Promise.all(["A", "B", "C"].map((i) => register(`Bot ${i}`)));
    await page.goto(`${link}?view=roster`);
    expect(await overflows(page)).toBe(false);
    for (const bot of bots) await page.check(`input[name="sel.${bot.json.registrationId}"]`);
    await page.click("text=Hủy những người đã chọn");
    expect(await page.locator(".summary").innerText()).toContain("Sẽ hủy 3 đăng ký");
    await page.click('button:has-text("Hủy 3 đăng ký")');
    expect(await page.locator(".ok").innerText()).toContain("Đã hủy 3 đăng ký");

    await page.goto(`${link}?view=counts`);
    expect(await page.locator("table").first().innerText()).toMatch(/Tổng\s+2\s+2\s+1\s+0\s+0/);
    await context.close();
  });

  it("passes axe on every organiser page", async () => {
    for (const view of ["door", "roster", "counts", "walk-in"]) {
      expect(await axeViolations(chromium.browser, `${link}?view=${view}`), view).toEqual([]);
    }
    expect(await axeViolations(chromium.browser, `${link}?q=hoa`), "search").toEqual([]);
  });
});
