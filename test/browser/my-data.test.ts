import { createRequire } from "node:module";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendOfficerLink } from "../../shared/petitions/service.ts";
import { resetClock } from "../../shared/platform/clock.ts";
import { axeViolations, launchChromium, overflows, PHONE } from "../support/browser.ts";
import { demoPath, mailFor, petitionBody, submit } from "../support/petitions.ts";
import { linksIn, postJson, startStack, type TestStack } from "../support/stack.ts";
import { at } from "../support/sweeps.ts";

/**
 * Issue 12, part 5, in Chromium at a phone's width without JavaScript: her "My data" page from her registration's
 * link, its forms (a correction sent back with its message, then saved; an erasure asked for), the union's page for
 * the request (acknowledged), and the officer's section of her intake page. Every page axe-clean and within 360 px,
 * the pages that answer a POST too.
 */
let stack: TestStack;
let chromium: { browser: Browser; close(): Promise<void> };
let me: string;

const axeSource = createRequire(import.meta.url)("axe-core").source as string;

/** axe's WCAG 2 A/AA rules on the page as it is now (a page a POST answered): its context must bypass the CSP. */
async function axeHere(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as { axe: { run(o: unknown): Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }
    ).axe;
    return axe.run({ runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
  });
  return result.violations.map((v) => `${v.id} (${v.nodes.length})`);
}

beforeAll(async () => {
  stack = await startStack();
  chromium = await launchChromium();
  at("2027-02-04T09:00");
  const res = await postJson(`${stack.url}/events/doi-thoai-thuong-lam-2027/registrations`, {
    fullName: "Hà Thị Nhung",
    phone: "0356 777 888",
    email: "nhung.browser@example.org",
    gender: "female",
    role: "Hội viên phụ nữ",
    commune: "thuong-lam",
    ethnicity: "Dao",
    ethnicityConsent: true,
    consent: true,
  });
  expect(res.status, res.text).toBe(201);
  me = (res.json.links as { manage: string }).manage.replace("/r/", "/me/");
});
afterAll(async () => {
  resetClock();
  await chromium?.close();
  await stack?.stop();
});

/** A phone without JavaScript (the page's own behaviour), and one for axe (which needs script, past the CSP). */
const noScript = () => chromium.browser.newContext({ javaScriptEnabled: false, viewport: PHONE });
const forAxe = () => chromium.browser.newContext({ viewport: PHONE, bypassCSP: true });

async function fitsAPhone(page: Page) {
  const content = await page.content();
  expect(content).not.toContain("<script");
  expect(Buffer.byteLength(content)).toBeLessThan(30 * 1024);
  expect(await overflows(page)).toBe(false);
}

describe("her data in Chromium", () => {
  it("her page reads on a phone, from her registration page's link, and is axe-clean", async () => {
    const context = await noScript();
    const page = await context.newPage();
    await page.goto(me.replace("/me/", "/r/"));
    await page.getByRole("link", { name: /Dữ liệu của tôi/ }).click();
    expect(page.url()).toBe(me);
    expect(await page.locator("h1").innerText()).toBe("Dữ liệu của tôi");
    expect(await page.locator("main").innerText()).toContain("0356 *** 888");
    await fitsAPhone(page);
    await context.close();
    expect(await axeViolations(chromium.browser, me)).toEqual([]);
    expect(await axeViolations(chromium.browser, `${me}?lang=en`)).toEqual([]);
  });

  it("her correction comes back with its message beside the name, then is saved", async () => {
    const context = await noScript();
    const page = await context.newPage();
    await page.goto(me);
    await page.fill("#f-fullName", "Nhung 123");
    await page.getByRole("button", { name: "Lưu thay đổi" }).click();
    expect(await page.locator("#f-fullName-err").isVisible()).toBe(true);
    expect(await page.inputValue("#f-fullName")).toBe("Nhung 123");
    expect(await page.getByRole("alert").innerText()).toContain("Họ và tên");
    await fitsAPhone(page);
    await page.fill("#f-fullName", "Hà Thị Hồng Nhung");
    await page.getByRole("button", { name: "Lưu thay đổi" }).click();
    expect(await page.locator("h1").innerText()).toBe("Đã thực hiện");
    await page.getByRole("link", { name: "Quay lại trang Dữ liệu của tôi" }).click();
    expect(await page.locator("main").innerText()).toContain("Hà Thị Hồng Nhung");
    await context.close();

    const axe = await forAxe();
    const checked = await axe.newPage();
    await checked.goto(me);
    await checked.fill("#f-fullName", "");
    await checked.getByRole("button", { name: "Lưu thay đổi" }).click();
    expect(await checked.locator("#f-fullName-err").isVisible()).toBe(true);
    expect(await axeHere(checked)).toEqual([]);
    await axe.close();
  });

  it("withdraws her consent, and asks for erasure (the box she must tick first), each page axe-clean", async () => {
    const context = await forAxe();
    const page = await context.newPage();
    await page.goto(me);
    await page.getByRole("button", { name: "Rút lại đồng ý và xóa dân tộc" }).click();
    expect(await page.locator("main").innerText()).toContain("Đã xóa dân tộc của chị");
    expect(await axeHere(page)).toEqual([]);

    await page.goto(me);
    await page.getByRole("button", { name: "Gửi yêu cầu xóa" }).click();
    expect(await page.locator("#f-confirm-err").isVisible()).toBe(true);
    expect(await axeHere(page)).toEqual([]);
    await page.check("#f-confirm");
    await page.getByRole("button", { name: "Gửi yêu cầu xóa" }).click();
    expect(await page.locator("h1").innerText()).toBe("Hội đã nhận yêu cầu của chị");
    expect(await page.locator("main").innerText()).toContain("Thứ Hai, 15/02/2027");
    expect(await overflows(page)).toBe(false);
    expect(await axeHere(page)).toEqual([]);
    await context.close();
  });

  it("the union's page for the request shows who asks and takes its acknowledgement", async () => {
    const mail = await mailFor(stack.inbox, demoPath.screener, "Yêu cầu về dữ liệu cá nhân: Xóa dữ liệu");
    const link = linksIn(mail).find((l) => /\/me\/[a-z2-7]{32}$/.test(l)) as string;
    const context = await noScript();
    const page = await context.newPage();
    await page.goto(link);
    expect(await page.locator("main").innerText()).toContain("Hà Thị Hồng Nhung");
    await fitsAPhone(page);
    await page.getByRole("button", { name: "Đã nhận yêu cầu" }).click();
    expect(await page.getByRole("status").innerText()).toContain("Hội đã xác nhận yêu cầu");
    expect(await overflows(page)).toBe(false);
    await context.close();
    expect(await axeViolations(chromium.browser, link)).toEqual([]);
  });

  it("the officer's section of her intake page records a request, a bad one sent back with its messages", async () => {
    at("2027-02-05T09:00");
    const body = petitionBody();
    await submit(stack.url, body);
    await sendOfficerLink(demoPath.screener, stack.url);
    const mail = await mailFor(stack.inbox, demoPath.screener, "Đường link nhập");
    const intake = linksIn(mail).find((l) => /\/o\/[a-z2-7]{32}$/.test(l)) as string;
    expect(await axeViolations(chromium.browser, intake)).toEqual([]);

    const context = await forAxe();
    const page = await context.newPage();
    await page.goto(intake);
    expect(await overflows(page)).toBe(false);
    await page.getByRole("link", { name: /Ghi yêu cầu về dữ liệu/ }).click();
    await page.fill("#f-phone", "0123");
    await page.getByRole("button", { name: "Ghi nhận yêu cầu" }).click();
    expect(await page.locator("#f-phone-err").isVisible()).toBe(true);
    expect(await page.locator("h1").innerText()).toBe("Ghi yêu cầu về dữ liệu của chị em");
    expect(await axeHere(page)).toEqual([]);
    await page.fill("#f-phone", (body.petitioner as { phone: string }).phone);
    await page.getByLabel("Xin bản sao dữ liệu").check();
    await page.getByRole("button", { name: "Ghi nhận yêu cầu" }).click();
    expect(await page.locator("h1").innerText()).toBe("Đã ghi nhận yêu cầu");
    expect(await page.locator("main").innerText()).toContain("Hội LHPN xã Thượng Lâm");
    expect(await overflows(page)).toBe(false);
    expect(await axeHere(page)).toEqual([]);
    await context.close();
  });
});
