import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendLeaderLink } from "../../shared/reports/service.ts";
import { axeViolations, launchChromium, overflows, PHONE } from "../support/browser.ts";
import { act, demoPath, linkFor, mailFor, petitionBody, samples, submit } from "../support/petitions.ts";
import { linksIn, startStack, type TestStack } from "../support/stack.ts";

/**
 * Issue 10, part 6, on the real stack: a leader gets her link by e-mail; the district's report lists this month's
 * petitions — one answered, one waiting — as a page (Chromium at 360 px, no JavaScript, axe clean), as JSON and as a
 * CSV file. The report's own arithmetic is checked against a hand-computed fixture in test/unit/leaders-report.test.ts.
 */
const LEADER = "chutich.hlhpn.lambinh@example.org";
let stack: TestStack;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let report: string;

beforeAll(async () => {
  stack = await startStack();
  chromium = await launchChromium();
  // One petition answered by its agency, one still with the commune union.
  const { trackingCode: answered } = await submit(stack.url, petitionBody());
  await submit(stack.url, petitionBody());
  expect((await act((await linkFor(stack.inbox, demoPath.screener, answered)).link, "accept")).status).toBe(200);
  expect((await act((await linkFor(stack.inbox, demoPath.approver, answered)).link, "forward")).status).toBe(200);
  const agency = (await linkFor(stack.inbox, demoPath.agency, answered)).link;
  expect((await act(agency, "answer", { answer: "Ngân hàng sẽ xem xét mức vay." })).status).toBe(200);
  await sendLeaderLink("hlhpn-lam-binh", LEADER, stack.url);
  const mail = await mailFor(stack.inbox, LEADER, "Báo cáo trả lời kiến nghị đúng hạn");
  report = linksIn(mail).find((l) => l.includes("/l/")) as string;
});
afterAll(async () => {
  await chromium?.close();
  await stack?.stop();
});

describe("the leaders' on-time report", () => {
  it("is a page that reads on a phone without JavaScript, with its charts as text for screen readers", async () => {
    const context = await chromium.browser.newContext({ javaScriptEnabled: false, viewport: PHONE });
    const page = await context.newPage();
    const res = await page.goto(report);
    expect(res?.status()).toBe(200);
    const content = await page.content();
    expect(Buffer.byteLength(content)).toBeLessThanOrEqual(40 * 1024);
    expect(content).not.toContain("<script");
    expect(content).toContain('role="img"');
    expect(await overflows(page)).toBe(false);
    expect(await page.locator("h1").innerText()).toContain("Báo cáo");
    await context.close();
    expect(await axeViolations(chromium.browser, report)).toEqual([]);
  });

  it("gives the same figures as JSON and the petitions as a CSV file, and no personal data in either", async () => {
    const json = (await (await fetch(report, { headers: { accept: "application/json" } })).json()) as {
      totals: { received: number; answered: number };
      unit: { id: string };
      rows: unknown[];
    };
    expect(json.unit.id).toBe("hlhpn-lam-binh");
    expect(json.totals.received).toBe(2);
    expect(json.totals.answered).toBe(1);
    const csv = await fetch(`${report}/petitions.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const bytes = Buffer.from(await csv.arrayBuffer());
    // Excel opens it as UTF-8 because of the byte-order mark.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString("utf8");
    expect(text.split("\r\n").filter(Boolean)).toHaveLength(3);
    const sample = samples().valid[0] as { title: string; petitioner: { fullName: string } };
    for (const body of [JSON.stringify(json), text]) {
      expect(body).not.toContain(sample.petitioner.fullName);
      expect(body).not.toContain(sample.title);
    }
  });

  it("shows another period when asked, and this month for anything it cannot read", async () => {
    const other = (await (
      await fetch(`${report}?period=2025-Q1`, { headers: { accept: "application/json" } })
    ).json()) as { period: { from: string; to: string }; totals: { received: number } };
    expect(other.period).toMatchObject({ from: "2025-01-01", to: "2025-03-31" });
    expect(other.totals.received).toBe(0);
    const fallback = (await (
      await fetch(`${report}?period=../../etc`, { headers: { accept: "application/json" } })
    ).json()) as { totals: { received: number } };
    expect(fallback.totals.received).toBe(2);
  });

  it("is refused for a link that is not a leader's", async () => {
    const screener = (await linkFor(stack.inbox, demoPath.screener, "")).link;
    const token = screener.split("/a/")[1];
    expect((await fetch(report.replace(/\/l\/.*/, `/l/${token}`))).status).toBe(404);
  });
});
