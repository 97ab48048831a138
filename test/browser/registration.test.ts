import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSpokenCode } from "../../shared/platform/ids.ts";
import { launchChromium } from "../support/browser.ts";
import { configWith, testEvent } from "../support/fixtures.ts";
import { startStack, type TestStack } from "../support/stack.ts";

/**
 * A woman registers in a real browser without JavaScript help: she makes a mistake, sees it beside the field
 * with what she typed kept, fixes it, gets her code, finds the e-mail in the local inbox, follows its link and
 * cancels; the person waiting gets her seat.
 */
let stack: TestStack;
let chromium: { browser: Browser; close(): Promise<void> };

beforeAll(async () => {
  stack = await startStack({ config: configWith([testEvent({ id: "browser-dialogue", capacity: 1 })]) });
  chromium = await launchChromium();
});
afterAll(async () => {
  await chromium?.close();
  await stack?.stop();
});

/** Fill the registration form as a woman would, ticking only the general consent. */
async function fillForm(
  page: Page,
  v: { fullName: string; phone: string; email?: string; role: string; commune: string },
) {
  await page.fill("#f-fullName", v.fullName);
  await page.fill("#f-phone", v.phone);
  if (v.email) await page.fill("#f-email", v.email);
  await page.check('input[name="gender"][value="female"]');
  await page.selectOption("#f-role", v.role);
  await page.selectOption("#f-commune", v.commune);
  await page.check("#f-consent");
}

describe("registration in Chromium", () => {
  it("form → error → fix → confirmation → e-mail → cancel link → Cancel", async () => {
    // A phone set to English still gets Vietnamese: only ?lang=en switches.
    const context = await chromium.browser.newContext({ javaScriptEnabled: false, locale: "en-US" });
    const page = await context.newPage();
    const response = await page.goto(`${stack.url}/events/browser-dialogue/register`);
    expect(response?.status()).toBe(200);
    const weight = Buffer.byteLength(await page.content(), "utf8");
    expect(weight).toBeLessThan(30 * 1024);
    expect(await page.locator("html").getAttribute("lang")).toBe("vi");

    await fillForm(page, {
      fullName: "Ma Thị Hoa",
      phone: "0912 34",
      email: "hoa.browser@example.org",
      role: "Hội viên phụ nữ",
      commune: "thuong-lam",
    });
    await page.click('button[type="submit"]');

    // The same form comes back: the message beside the phone field, everything typed kept.
    expect(await page.locator(".summary").innerText()).toContain("Số điện thoại di động");
    expect(await page.locator("#f-phone-err").innerText()).toContain("không hợp lệ");
    expect(await page.inputValue("#f-fullName")).toBe("Ma Thị Hoa");
    expect(await page.inputValue("#f-email")).toBe("hoa.browser@example.org");
    expect(await page.locator("#f-commune").inputValue()).toBe("thuong-lam");
    expect(await page.isChecked("#f-consent")).toBe(true);

    await page.fill("#f-phone", "0912 345 678");
    await page.click('button[type="submit"]');
    expect(await page.locator("h1").innerText()).toContain("Đăng ký thành công");
    const code = (await page.locator(".code").innerText()).trim();
    // Two groups of four, read aloud at the door; the last symbol checks the others.
    expect(code).toMatch(/^[34679ACDEFGHJKMNPQRTUVWXY]{4}-[34679ACDEFGHJKMNPQRTUVWXY]{4}$/);
    expect(parseSpokenCode(code)).toBe(code.replace("-", ""));

    // Someone else registers and waits for the only seat.
    const other = await context.newPage();
    await other.goto(`${stack.url}/events/browser-dialogue/register`);
    await fillForm(other, {
      fullName: "Nông Thị Lan",
      phone: "0387 654 302",
      role: "Chi hội trưởng phụ nữ",
      commune: "khuon-ha",
    });
    await other.click('button[type="submit"]');
    expect(await other.locator("h1").innerText()).toContain("danh sách chờ");

    // The e-mail, as it appears in the local inbox page (its page needs JavaScript).
    await stack.inbox.waitFor("hoa.browser@example.org");
    const inboxContext = await chromium.browser.newContext();
    const inbox = await inboxContext.newPage();
    await inbox.goto(stack.ses.inboxUrl);
    const mail = inbox.locator(".email", { hasText: "hoa.browser@example.org" });
    await mail.getByText("Toggle text view").click();
    const text = await mail.locator(".email-text").innerText();
    expect(text).toContain(code);
    const link = /https?:\/\/\S+\/r\/[a-z2-7]{32}/.exec(text)?.[0];
    expect(link).toBeDefined();

    await page.goto(link as string);
    expect(await page.locator("dd.code").innerText()).toBe(code);
    await page.click('button[type="submit"]');
    expect(await page.locator("h1").innerText()).toContain("Đã hủy đăng ký");

    const event = (await (await fetch(`${stack.url}/events/browser-dialogue`)).json()) as {
      seatsLeft: number;
      waitlisted: number;
    };
    expect(event).toMatchObject({ seatsLeft: 0, waitlisted: 0 });
    await inboxContext.close();
    await context.close();
  });

  it("shows the form in English with ?lang=en", async () => {
    const context = await chromium.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${stack.url}/events/browser-dialogue/register?lang=en`);
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    expect(await page.locator("label[for=f-phone]").innerText()).toContain("Mobile phone number");
    await context.close();
  });
});
