import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { configHelpers } from "../../shared/config/config.ts";
import { demoConfig } from "../../shared/config/demo.ts";
import { getHistory, getPetition } from "../../shared/petitions/petition.ts";
import { parseTrackingCode } from "../../shared/petitions/tracking.ts";
import { act, linkFor, petitionBody, publicStatus, samples, submit } from "../support/petitions.ts";
import { linksIn, type Mail, postJson, startStack, type TestStack } from "../support/stack.ts";

/** Intake: every sample and edge case, the public status page, sensitive petitions and assisted intake. */
let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack?.stop());

const config = demoConfig();
const helpers = configHelpers(config);
const stored = async (display: string) => getPetition(parseTrackingCode(display) as string);

describe("the sample petitions", () => {
  it("accepts every valid sample and routes it to its commune's union, with the receipt when there is an e-mail", async () => {
    for (const sample of samples().valid) {
      const answer = await submit(stack.url, sample);
      const commune = sample.commune as string;
      const screener = helpers.screeningUnit(commune)?.staff.find((s) => s.role === "screener")?.email as string;
      await linkFor(stack.inbox, screener, answer.trackingCode);
      const p = await stored(answer.trackingCode);
      const category = config.categories.find((c) => c.id === sample.category);
      expect(p?.routing).toEqual({
        screeningUnit: helpers.screeningUnit(commune)?.id,
        approvingUnit: "hlhpn-lam-binh",
        agency: category?.agency,
      });
      const email = (sample.petitioner as { email?: string }).email;
      if (email)
        expect((await stack.inbox.waitFor(email)).some((m) => m.subject.includes(answer.trackingCode))).toBe(true);
    }
  });

  const cases = samples().edgeCases;
  const byCase = (words: string) => {
    const found = cases.find((c) => c._case.includes(words));
    if (!found) throw new Error(`no edge case about ${words}`);
    const { _case, ...body } = found;
    return body as Record<string, unknown> & { petitioner: Record<string, string> };
  };

  it("stores decomposed (NFD) text as NFC", async () => {
    const body = byCase("NFD");
    const name = body.petitioner.fullName as string;
    expect(name).not.toBe(name.normalize("NFC"));
    const p = await stored((await submit(stack.url, body)).trackingCode);
    expect(p?.petitioner.fullName).toBe("Nông Thị Lan");
    expect(p?.title).toBe((body.title as string).normalize("NFC"));
  });

  it("keeps HTML and script as text and escapes it in pages and e-mails", async () => {
    const body = byCase("HTML and script");
    const answer = await submit(stack.url, body);
    const p = await stored(answer.trackingCode);
    expect(p?.title).toBe(body.title);
    const { link, mail } = await linkFor(stack.inbox, "hlhpn.thuonglam@example.org", answer.trackingCode);
    for (const html of [await (await fetch(link)).text(), mail.body.html ?? ""]) {
      expect(html).not.toContain("<script>alert(1)</script>");
      expect(html).not.toContain("<img src=x");
      expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    }
    expect(mail.subject).toContain(answer.trackingCode);
  });

  it("never lets CR/LF from a name or title reach a header", async () => {
    const body = byCase("CR/LF");
    // A name with CR/LF (and an address in it) is not a name: refused beside the field, nothing stored.
    const refused = await postJson(`${stack.url}/petitions`, body);
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.json.errors)).toContain("petitioner.fullName");
    const petitioner = { ...body.petitioner, fullName: "Ma Thị Hoa", email: "crlf@example.org" };
    const answer = await submit(stack.url, { ...body, petitioner });
    const p = await stored(answer.trackingCode);
    expect(p?.title).toBe("Tiêu đề X-Injected: 1");
    const [receipt] = await stack.inbox.waitFor("crlf@example.org");
    expect(receipt?.destination).toEqual({ to: ["crlf@example.org"], cc: [], bcc: [] });
    expect(receipt?.subject).not.toMatch(/[\r\n]/);
  });

  it("normalises an international phone number", async () => {
    const p = await stored((await submit(stack.url, byCase("international format"))).trackingCode);
    expect(p?.petitioner.phone).toBe("+84912345601");
  });

  it("keeps emoji and other scripts intact", async () => {
    const body = byCase("emoji");
    const p = await stored((await submit(stack.url, body)).trackingCode);
    expect(p?.content).toBe(body.content);
  });

  it("drops unknown fields and never stores them", async () => {
    const p = await stored((await submit(stack.url, byCase("extra unknown fields"))).trackingCode);
    expect(p?.status).toBe("screening");
    expect(p).not.toHaveProperty("isAdmin");
  });

  it.each([
    ["missing consent", "consent", "consent_required"],
    ["not a Vietnamese mobile", "petitioner.phone", "phone_invalid"],
    ["unknown category", "category", "one_of"],
    ["unknown commune", "commune", "commune_unknown"],
    ["content far over the limit", "content", "too_long"],
    ["empty title", "title", "required"],
  ])("refuses %s with a field error on %s", async (words, path, code) => {
    const res = await postJson(`${stack.url}/petitions`, byCase(words));
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const errors = res.json.errors as { path: string; code: string; vi: string; en: string }[];
    expect(errors.map((e) => e.path)).toEqual([path]);
    expect(errors[0]?.code).toBe(code);
    if (code === "one_of") expect(errors[0]?.vi).toContain("credit");
  });

  it("keeps an ethnic group only with its own consent, and says when it did not", async () => {
    const without = await submit(stack.url, petitionBody());
    expect(without.notStored).toEqual(["petitioner.ethnicity"]);
    expect((await stored(without.trackingCode))?.petitioner.ethnicity).toBeUndefined();
    const body = petitionBody();
    const withConsent = await submit(stack.url, {
      ...body,
      petitioner: { ...body.petitioner, ethnicityConsent: true },
    });
    expect((await stored(withConsent.trackingCode))?.petitioner).toMatchObject({
      ethnicity: { name: "Tày" },
      ethnicityConsentAt: expect.any(String),
    });
  });
});

describe("petitions from a dialogue session, and in English", () => {
  it("records the session it was raised at, which must exist", async () => {
    const unknown = await postJson(`${stack.url}/petitions`, petitionBody({ eventId: "no-such-session" }));
    expect(unknown.status).toBe(400);
    expect((unknown.json.errors as { path: string }[]).map((e) => e.path)).toEqual(["eventId"]);
    const answer = await submit(stack.url, petitionBody({ eventId: "doi-thoai-thuong-lam-2027" }));
    expect((await stored(answer.trackingCode))?.eventId).toBe("doi-thoai-thuong-lam-2027");
  });

  it("writes to a petitioner who chose English in English, and to staff in Vietnamese", async () => {
    const res = await postJson(`${stack.url}/petitions?lang=en`, petitionBody({}, "english.reader@example.org"));
    expect(res.status).toBe(201);
    const code = res.json.trackingCode as string;
    const [receipt] = await stack.inbox.waitFor("english.reader@example.org");
    expect(receipt?.subject).toBe(`Petition received: ${code}`);
    expect(receipt?.body.html).toContain('<html lang="en">');
    const screener = await linkFor(stack.inbox, "hlhpn.thuonglam@example.org", code);
    expect(screener.mail.subject).toBe(`Kiến nghị mới cần tiếp nhận: ${code}`);
  });
});

describe("the public status page", () => {
  it("shows where it stands and never who sent it; unknown codes are 404 alike", async () => {
    const body = petitionBody({}, "private.person@example.org");
    const answer = await submit(stack.url, body);
    const json = await publicStatus(stack.url, answer.trackingCode);
    expect(json.status).toBe(200);
    expect(json.json).toMatchObject({
      trackingCode: answer.trackingCode,
      status: "screening",
      currentStage: { vi: "Hội LHPN xã Thượng Lâm" },
      category: { id: "credit" },
    });
    const html = await (await fetch(`${stack.url}/petitions/${answer.trackingCode}`)).text();
    for (const text of [JSON.stringify(json.json), html]) {
      expect(text).not.toContain("Ma Thị Hoa");
      expect(text).not.toContain("private.person@example.org");
      expect(text).not.toContain((body.petitioner.phone as string).slice(1));
      expect(text).not.toContain("Nà Tông");
    }
    // A code one symbol off, a malformed one and a made-up one answer the same 404.
    const near = `${answer.trackingCode.slice(0, -1)}${answer.trackingCode.endsWith("A") ? "C" : "A"}`;
    const bodies = new Set<string>();
    for (const code of [near, "AAAAA-AAAAA", "not-a-code"]) {
      const res = await fetch(`${stack.url}/petitions/${code}`, { headers: { accept: "application/json" } });
      expect(res.status).toBe(404);
      bodies.add(JSON.stringify({ ...((await res.json()) as object), instance: undefined }));
    }
    expect(bodies.size).toBe(1);
    // Lower case and spaces are the same code.
    expect((await publicStatus(stack.url, answer.trackingCode.toLowerCase())).status).toBe(200);
  });

  it("has a lookup box that leads to the status page without putting the code in a query string", async () => {
    const answer = await submit(stack.url, petitionBody());
    const res = await fetch(`${stack.url}/petitions/lookup`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ code: answer.trackingCode.toLowerCase() }),
      redirect: "manual",
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/petitions/${answer.trackingCode}`);
    const missing = await fetch(`${stack.url}/petitions/lookup`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ code: "AAAAA-AAAAA" }),
    });
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain("Không tìm thấy kiến nghị");
  });
});

describe("sensitive petitions", () => {
  it("show the agency no name or contact unless she agreed; the union still sees who she is", async () => {
    const sample = samples().valid.find((v) => v.category === "violence") as Record<string, unknown>;
    const { shareIdentityWithAgency: _, ...withoutChoice } = sample;
    // (The sample's petitioner shares her name with Bình An's union officer, who may appear: use another.)
    const petitioner = { ...(sample.petitioner as object), fullName: "Đặng Thị Kín" };
    const answer = await submit(stack.url, { ...withoutChoice, petitioner }); // the category's default: not shared
    expect((await stored(answer.trackingCode))?.shareIdentityWithAgency).toBe(false);

    const screener = await linkFor(stack.inbox, "hlhpn.binhan@example.org", answer.trackingCode);
    expect(await (await fetch(screener.link)).text()).toContain("Đặng Thị Kín");
    await act(screener.link, "accept");
    const approver = await linkFor(stack.inbox, "chutich.hlhpn.lambinh@example.org", answer.trackingCode);
    expect(await (await fetch(approver.link)).text()).toContain("Đặng Thị Kín");
    await act(approver.link, "forward");
    const agency = await linkFor(stack.inbox, "congan.lambinh@example.org", answer.trackingCode);
    const agencyPage = await (await fetch(agency.link)).text();
    for (const text of [agencyPage, agency.mail.body.text ?? "", agency.mail.body.html ?? ""]) {
      expect(text).not.toContain("Đặng Thị Kín");
      expect(text).not.toContain("0965");
      expect(text).not.toContain("Khuổi Củng");
      expect(text).toContain("giữ kín");
    }
  });

  it("show the agency who she is when she agreed", async () => {
    const sample = samples().valid.find((v) => v.category === "violence") as Record<string, unknown>;
    const answer = await submit(stack.url, { ...sample, shareIdentityWithAgency: true });
    expect((await stored(answer.trackingCode))?.shareIdentityWithAgency).toBe(true);
  });
});

describe("assisted intake by a union officer", () => {
  it("ops send her link; she enters a petition for a woman; it records her; she hears of the answer", async () => {
    const officer = "hlhpn.thuonglam@example.org";
    const tsx = resolve(import.meta.dirname, "../../node_modules/.bin/tsx");
    await promisify(execFile)(
      tsx,
      [
        "scripts/officer-link.ts",
        "--email",
        officer,
        "--endpoint",
        inject("dynamoEndpoint"),
        "--table",
        stack.tableName,
        "--base-url",
        stack.url,
      ],
      {
        cwd: resolve(import.meta.dirname, "../.."),
        env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
      },
    );
    // The script queues the mail; the notifier sends it off the stream. Her inbox already holds the screener's
    // mails of the tests above (which carry an intake link too): wait for this one, by its subject.
    let mail: Mail | undefined;
    await expect
      .poll(
        async () =>
          (mail = (await stack.inbox.to(officer)).find(
            (m) => m.subject === "Đường link nhập kiến nghị thay cho chị em",
          )),
        { timeout: 15_000 },
      )
      .toBeDefined();
    const intake = linksIn(mail as Mail).find((l) => /\/o\/[a-z2-7]{32}$/.test(l)) as string;
    expect(intake).toBeDefined();
    const form = await fetch(intake);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain("Quan Thị Thu");

    const body = new URLSearchParams({
      title: "Đề nghị sửa cầu treo",
      content: "Chị Hoa nêu tại buổi đối thoại: cầu treo thôn Nà Tông bị hỏng.",
      category: "infrastructure",
      commune: "thuong-lam",
      "petitioner.fullName": "Ma Thị Hoa",
      "petitioner.phone": "0912 345 699",
      consent: "on",
      lang: "vi",
    });
    const res = await fetch(intake, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
    });
    expect(res.status).toBe(201);
    const page = await res.text();
    const code = /class="code">([^<]+)</.exec(page)?.[1] as string;
    const p = await stored(code);
    expect(p?.enteredBy).toEqual({ name: "Quan Thị Thu", email: officer, unitId: "hlhpn-thuong-lam" });
    expect(p?.petitioner.phone).toBe("+84912345699");
    expect((await getHistory(p?.trackingCode as string))[0]?.actor).toBe("Quan Thị Thu");

    // Walk it to the answer: the officer is told, so she can tell the woman.
    const screening = await linkFor(stack.inbox, officer, code);
    await act(screening.link, "accept");
    const approval = await linkFor(stack.inbox, "chutich.hlhpn.lambinh@example.org", code);
    await act(approval.link, "forward");
    const agency = await linkFor(stack.inbox, "ubnd.thuong-lam@example.org", code);
    await act(agency.link, "answer", { answer: "UBND xã sẽ sửa cầu trong tháng 4." });
    await expect
      .poll(
        async () =>
          (await stack.inbox.to(officer)).some(
            (m) => m.subject.includes("nhập thay đã có trả lời") && m.body.text?.includes("sửa cầu trong tháng 4"),
          ),
        { timeout: 10_000 },
      )
      .toBe(true);
  });

  it("refuses an unknown intake link with a friendly page", async () => {
    const res = await fetch(`${stack.url}/o/${"b".repeat(32)}`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("Liên kết không hợp lệ");
  });
});
