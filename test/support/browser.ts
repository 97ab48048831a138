import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { type Browser, chromium, type Page } from "playwright-core";

/**
 * Debian's Chromium, headless, on a closed network: no background calls home, no lookups of Google hosts,
 * a fresh profile (Playwright makes one per launch). `.ci/run` installs it (apt-get install chromium) when it is missing.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export async function launchChromium(): Promise<{ browser: Browser; close(): Promise<void> }> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (.ci/run does)`,
    );
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
      "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
    ],
  });
  return { browser, close: () => browser.close() };
}

/** A phone's screen: every page is checked at this width. */
export const PHONE = { width: 360, height: 740 };

const axeSource = createRequire(import.meta.url)("axe-core").source as string;

/** axe-core's WCAG 2 A and AA rules on what the page shows now (a separate context: axe needs script). */
export async function axeViolations(browser: Browser, url: string): Promise<string[]> {
  const context = await browser.newContext({ viewport: PHONE, bypassCSP: true });
  try {
    const page = await context.newPage();
    await page.goto(url);
    await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate(async () => {
      const axe = (
        globalThis as unknown as {
          axe: { run(o: unknown): Promise<{ violations: { id: string; nodes: unknown[] }[] }> };
        }
      ).axe;
      return axe.run({ runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    });
    return result.violations.map((v) => `${v.id} (${v.nodes.length})`);
  } finally {
    await context.close();
  }
}

/** Nothing on the page is wider than the phone's screen. */
export const overflows = (page: Page) =>
  page.evaluate(() => {
    const w = globalThis as unknown as { innerWidth: number; document: { documentElement: { scrollWidth: number } } };
    return w.document.documentElement.scrollWidth > w.innerWidth;
  });
