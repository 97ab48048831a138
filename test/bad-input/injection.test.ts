import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configWith, testEvent } from "../support/fixtures.ts";
import { act, linkFor } from "../support/petitions.ts";
import { linksIn, type Mail, postForm, startStack, type TestStack } from "../support/stack.ts";

/**
 * HTML and script typed into every text field come out escaped on every page and in every e-mail, and no
 * CR/LF typed into a name or title reaches an e-mail header.
 */
let stack: TestStack;
beforeAll(async () => {
  stack = await startStack({ config: configWith([testEvent({ id: "inject-event", capacity: 1 })]) });
});
afterAll(async () => stack?.stop());

const EVIL = `<script>alert("x")</script>"'><img src=x onerror=alert(1)>`;
const EVIL_LINE = `${EVIL}\r\nBcc: attacker@example.com\r\nX-Injected: 1`;
const pages: { where: string; html: string }[] = [];

async function page(where: string, res: Response | Promise<Response>): Promise<string> {
  const html = await (await res).text();
  pages.push({ where, html });
  return html;
}

describe("HTML, script and CR/LF in every text field", () => {
  it("are escaped on every page and in every e-mail, and never reach a header", async () => {
    // A registration whose every text field is hostile, then one who waits and is promoted. A name holds letters
    // only (shared/config/person.ts): a hostile one is refused, and the form re-shown with it escaped.
    const reg = {
      fullName: "Ma Thị Hoa",
      phone: "0912 111 001",
      email: "inject.reg@example.org",
      gender: "female",
      role: "Khác",
      commune: "thuong-lam",
      village: EVIL,
      needsInterpreter: EVIL.slice(0, 60),
      consent: "on",
      lang: "vi",
    };
    await page("registration confirmation", postForm(`${stack.url}/events/inject-event/registrations`, reg));
    await page(
      "registration form re-shown",
      postForm(`${stack.url}/events/inject-event/registrations`, { ...reg, fullName: EVIL_LINE, phone: "12" }),
    );
    await postForm(`${stack.url}/events/inject-event/registrations`, {
      ...reg,
      phone: "0912 111 002",
      email: "inject.wait@example.org",
    });
    const regLink = linksIn((await stack.inbox.waitFor("inject.reg@example.org"))[0] as Mail).find((l) =>
      l.includes("/r/"),
    ) as string;
    await page("registration link", fetch(regLink));
    await page("registration cancelled", postForm(regLink, { action: "cancel" }));
    await stack.inbox.waitFor("inject.wait@example.org", 2);

    // A petition whose every text field is hostile, walked through every step with hostile notes.
    const pet = {
      title: EVIL_LINE,
      content: `${EVIL}\n${EVIL}`,
      category: "credit",
      commune: "thuong-lam",
      village: EVIL,
      "petitioner.fullName": "Ma Thị Hoa",
      "petitioner.phone": "0912 111 003",
      "petitioner.email": "inject.pet@example.org",
      onBehalfOf: EVIL,
      consent: "on",
      lang: "vi",
    };
    const submitted = await page("petition submitted", postForm(`${stack.url}/petitions`, pet));
    await page(
      "petition form re-shown",
      postForm(`${stack.url}/petitions`, { ...pet, "petitioner.fullName": EVIL_LINE, consent: "" }),
    );
    const code = /class="code">([^<]+)</.exec(submitted)?.[1] as string;
    const screener = await linkFor(stack.inbox, "hlhpn.thuonglam@example.org", code);
    await page("screener's page", fetch(screener.link));
    await page(
      "question asked",
      act(screener.link, "request_info", { question: EVIL }).then((r) => new Response(r.html)),
    );
    const own = await linkFor(stack.inbox, "inject.pet@example.org", "Cần bổ sung");
    await page("petitioner's page", fetch(own.link));
    expect((await act(own.link, "provide_info", { info: EVIL })).status).toBe(200);
    const again = await linkFor(stack.inbox, "hlhpn.thuonglam@example.org", code, 2);
    await page("used link", fetch(screener.link));
    expect((await act(again.link, "accept", { note: EVIL })).status).toBe(200);
    const approver = await linkFor(stack.inbox, "chutich.hlhpn.lambinh@example.org", code);
    await page("approver's page", fetch(approver.link));
    await page(
      "missing reason re-shown",
      act(approver.link, "reject", { reason: "" }).then((r) => new Response(r.html)),
    );
    expect((await act(approver.link, "forward", { note: EVIL })).status).toBe(200);
    const agency = await linkFor(stack.inbox, "nhcsxh.lambinh@example.org", code);
    await page("agency's page", fetch(agency.link));
    expect((await act(agency.link, "return", { reason: EVIL })).status).toBe(200);
    const returned = await linkFor(stack.inbox, "chutich.hlhpn.lambinh@example.org", "trả lại");
    expect((await act(returned.link, "forward", { agency: "nhcsxh" })).status).toBe(200);
    // The agency's second mail comes off the stream: wait for it (its first link belongs to the finished step).
    const agency2 = await linkFor(stack.inbox, "nhcsxh.lambinh@example.org", code, 2);
    expect((await act(agency2.link, "answer", { answer: EVIL })).status).toBe(200);
    // The pages as a browser asks for them (without `Accept: text/html` the answer is JSON, where text stays text).
    const asBrowser = { headers: { accept: "text/html" } };
    await page("status page", fetch(`${stack.url}/petitions/${code}`, asBrowser));
    await page("status page (English)", fetch(`${stack.url}/petitions/${code}?lang=en`, asBrowser));
    // The mail that carries the answer comes off the stream too: it is checked with the others once it is there.
    await expect
      .poll(
        async () =>
          (await stack.inbox.to("inject.pet@example.org")).some(
            (m) => m.subject === `Kiến nghị đã có trả lời: ${code}`,
          ),
        { timeout: 15_000 },
      )
      .toBe(true);

    const mails = await stack.inbox.all();
    expect(mails.length).toBeGreaterThan(10);
    const everything = [...pages, ...mails.map((m) => ({ where: `mail "${m.subject}"`, html: m.body.html ?? "" }))];
    for (const { where, html } of everything) {
      expect(html, where).not.toContain("<script>alert");
      expect(html, where).not.toContain("<img src=x");
      expect(html, where).not.toMatch(/onerror=alert\(1\)>/);
    }
    // The text did reach those pages, escaped.
    expect(
      everything.filter(({ html }) => html.includes("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;")).length,
    ).toBeGreaterThan(15);
    for (const mail of mails) {
      expect(mail.subject, mail.subject).not.toMatch(/[\r\n]/);
      expect(mail.destination.cc).toEqual([]);
      expect(mail.destination.bcc).toEqual([]);
      expect(mail.destination.to).toHaveLength(1);
      expect(mail.destination.to[0]).not.toContain("attacker");
    }
  });
});
