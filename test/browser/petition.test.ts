import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../support/browser.ts";
import { linkFor } from "../support/petitions.ts";
import { startStack, type TestStack } from "../support/stack.ts";

/**
 * The main chain through the real pages, without JavaScript: a woman sends a petition, the commune union
 * accepts it, the district union forwards it, the agency acknowledges and answers, and the status page shows it.
 */
let stack: TestStack;
let chromium: { browser: Browser; close(): Promise<void> };

beforeAll(async () => {
  stack = await startStack();
  chromium = await launchChromium();
});
afterAll(async () => {
  await chromium?.close();
  await stack?.stop();
});

async function press(page: Page, link: string, button: string, fill: Record<string, string> = {}) {
  await page.goto(link);
  const form = page.locator("form", { has: page.getByRole("button", { name: button }) });
  for (const [name, value] of Object.entries(fill)) await form.locator(`[name="${name}"]`).fill(value);
  await form.getByRole("button", { name: button }).click();
  expect(await page.locator("h1").textContent()).toContain("Đã ghi nhận");
}

describe("a petition in Chromium", () => {
  it("form → tracking code → accept → forward → acknowledge → answer → status page", async () => {
    const context = await chromium.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${stack.url}/petitions/new`);
    expect(Buffer.byteLength(await page.content())).toBeLessThan(30 * 1024);

    await page.fill("#f-title", "Thiếu nước sinh hoạt vào mùa khô");
    await page.fill("#f-content", "Từ tháng 12 đến tháng 3, khe nước cạn, bà con phải gánh nước xa hơn 2 km.");
    await page.selectOption("#f-category", "land");
    await page.selectOption("#f-commune", "tho-binh");
    await page.fill("#f-petitioner-fullName", "Quan Thị Thu");
    await page.fill("#f-petitioner-phone", "0354 321 008");
    await page.fill("#f-petitioner-email", "thu.browser@example.org");
    await page.click('button[type="submit"]');
    // She forgot to agree: the form comes back with everything she typed.
    expect(await page.locator("#f-consent-err").textContent()).toContain("Cần đồng ý");
    expect(await page.inputValue("#f-petitioner-fullName")).toBe("Quan Thị Thu");
    expect(await page.inputValue("#f-content")).toContain("khe nước cạn");
    await page.check("#f-consent");
    await page.click('button[type="submit"]');
    expect(await page.locator("h1").textContent()).toContain("Đã gửi kiến nghị");
    const code = ((await page.locator(".code").textContent()) ?? "").trim();
    expect(code).toMatch(/^[A-Z0-9]{5}-[A-Z0-9]{5}$/);

    const staff = await context.newPage();
    const screener = await linkFor(stack.inbox, "hlhpn.thobinh@example.org", code);
    await press(staff, screener.link, "Tiếp nhận, chuyển cấp trên duyệt");
    const approver = await linkFor(stack.inbox, "chutich.hlhpn.lambinh@example.org", code);
    await staff.goto(approver.link);
    expect(await staff.locator("select[name=agency]").inputValue()).toBe("phong-tnmt");
    await press(staff, approver.link, "Duyệt, chuyển cơ quan có thẩm quyền");
    const agency = await linkFor(stack.inbox, "tnmt.lambinh@example.org", code);
    await press(staff, agency.link, "Xác nhận đã nhận");
    await press(staff, agency.link, "Trả lời kiến nghị", {
      answer: "Huyện sẽ đầu tư bể chứa nước cho thôn Nà Mỵ trong năm nay.",
    });

    await page.goto(`${stack.url}/petitions/${code}`);
    expect(await page.locator("main").textContent()).toContain("Huyện sẽ đầu tư bể chứa nước");
    expect(await page.locator("main").textContent()).toContain("Đã có trả lời");
    expect(await page.locator("main").textContent()).not.toContain("Quan Thị Thu");
    await context.close();
  });
});
