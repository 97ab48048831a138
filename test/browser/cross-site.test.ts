import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { crossSiteText } from "../../shared/messages/edge.ts";
import { launchChromium } from "../support/browser.ts";
import { configWith, testEvent, validRegistration } from "../support/fixtures.ts";
import { startStack, type TestStack } from "../support/stack.ts";
import { countItems } from "../support/store.ts";

/**
 * Issue 9: a page on another site cannot make her browser post our forms (a forged registration, a forged press
 * of her link's button), while our own pages' posts go through. Real Chromium decides what it sends.
 */
let stack: TestStack;
let chromium: { browser: Browser; close(): Promise<void> };

beforeAll(async () => {
  stack = await startStack({ config: configWith([testEvent({ id: "cross-site-event" })]) });
  chromium = await launchChromium();
});
afterAll(async () => {
  await chromium?.close();
  await stack?.stop();
});

const fields = { ...validRegistration, consent: "on" } as Record<string, unknown>;
const inputs = Object.entries(fields)
  .map(([k, v]) => `<input name="${k}" value="${String(v)}">`)
  .join("");

describe("posts from another site", () => {
  it("are refused with a page that explains, and store nothing; our own page's post goes through", async () => {
    const context = await chromium.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const action = `${stack.url}/events/cross-site-event/registrations`;
    // Another site's page (about:blank here: an opaque origin, as a data: URL or a sandboxed frame would be).
    await page.setContent(`<form method="post" action="${action}">${inputs}<button>Go</button></form>`);
    const [refused] = await Promise.all([page.waitForResponse(action), page.click("button")]);
    expect(refused.status()).toBe(403);
    const text = await page.locator("main").innerText();
    expect(text).toContain(crossSiteText.vi.title);
    expect(text).toContain(crossSiteText.en.title);
    expect(await page.locator("html").getAttribute("lang")).toBe("vi");
    expect((await countItems(stack.tableName)).registrations).toBe(0);

    // The same fields from our own form: registered.
    await page.goto(`${stack.url}/events/cross-site-event/register`);
    await page.fill("#f-fullName", validRegistration.fullName);
    await page.fill("#f-phone", validRegistration.phone);
    await page.check('input[name="gender"][value="female"]');
    await page.selectOption("#f-role", validRegistration.role);
    await page.selectOption("#f-commune", validRegistration.commune);
    await page.check("#f-consent");
    const [accepted] = await Promise.all([page.waitForResponse(action), page.click('button[type="submit"]')]);
    expect(accepted.status()).toBe(201);
    expect((await countItems(stack.tableName)).registrations).toBe(1);
    await context.close();
  });
});
