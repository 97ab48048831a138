import { GetCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../shared/config/schema.ts";
import { keys } from "../../shared/keys.ts";
import { revokeOfficerLinks, sendOfficerLink } from "../../shared/petitions/service.ts";
import { parseTrackingCode } from "../../shared/petitions/tracking.ts";
import { resetClock, shiftClock } from "../../shared/platform/clock.ts";
import { db, tableName } from "../../shared/platform/dynamo.ts";
import { saveConfig } from "../../shared/seed.ts";
import { configWith, testEvent, validRegistration } from "../support/fixtures.ts";
import { act, demoPath, linkFor, petitionBody, publicStatus, submit } from "../support/petitions.ts";
import { linksIn, type Mail, postJson, startStack, type TestStack } from "../support/stack.ts";

/**
 * Issue 9: links live only as long as the role they were sent for; an officer's intake link is short, capped and
 * revocable; and the forms cannot relay typed words to any address, nor flood one.
 */
let stack: TestStack;
const { screener: SCREENER, approver: APPROVER, approver2: APPROVER_2, agency: AGENCY } = demoPath;
const EVENT = "receipts-event";

const base = () => configWith([testEvent({ id: EVENT })]);
async function withConfig(change: (config: Config) => void) {
  const config = base();
  change(config);
  await saveConfig(config);
}

beforeAll(async () => {
  stack = await startStack({ config: base() });
});
afterEach(async () => {
  resetClock();
  await saveConfig(base());
});
afterAll(async () => stack?.stop());

/** The outbox entries for `to` of one kind, read from the table (written with the submission, so no waiting). */
async function mailsTo(to: string, kind: string): Promise<Record<string, unknown>[]> {
  // The outbox has no index by recipient (nothing reads it that way): the test scans, filtered by the unique address.
  const out: Record<string, unknown>[] = [];
  let next: Record<string, unknown> | undefined;
  do {
    const page = await db().send(
      new ScanCommand({
        TableName: tableName(),
        FilterExpression: "begins_with(pk, :mail) AND #to = :to AND kind = :kind",
        ExpressionAttributeNames: { "#to": "to" },
        ExpressionAttributeValues: { ":mail": "MAIL#", ":to": to, ":kind": kind },
        ConsistentRead: true,
        ExclusiveStartKey: next,
      }),
    );
    out.push(...((page.Items ?? []) as Record<string, unknown>[]));
    next = page.LastEvaluatedKey;
  } while (next);
  return out;
}

describe("a staff link lives only as long as its holder's role", () => {
  it("an approver taken out of the configuration holds a dead link: no name, no phone, no action", async () => {
    const body = petitionBody({}, "role.gone@example.org");
    const { trackingCode: code } = await submit(stack.url, body);
    const screening = await linkFor(stack.inbox, SCREENER, code);
    expect((await act(screening.link, "accept")).status).toBe(200);
    const mine = await linkFor(stack.inbox, APPROVER, code);
    const colleague = await linkFor(stack.inbox, APPROVER_2, code);
    expect((await fetch(mine.link)).status).toBe(200);

    await withConfig((config) => {
      const unit = config.womensUnion.units.find((u) => u.id === "hlhpn-lam-binh");
      if (unit) unit.staff = unit.staff.filter((s) => s.email !== APPROVER);
    });
    const page = await fetch(mine.link);
    const text = await page.text();
    expect(page.status).toBe(410);
    expect(text).toContain("Hội LHPN huyện Lâm Bình");
    const name = (body.petitioner as unknown as { fullName: string }).fullName;
    expect(text).not.toContain(name);
    expect(text).not.toContain(String((body.petitioner as { phone: string }).phone).slice(-6));
    expect((await act(mine.link, "forward")).status).toBe(410);
    expect((await publicStatus(stack.url, code)).json.status).toBe("approval");
    // Her colleague, still in the configuration, acts as before.
    expect((await fetch(colleague.link)).status).toBe(200);
    expect((await act(colleague.link, "forward")).status).toBe(200);
  });

  it("an agency whose address changed holds a dead link; the new address gets the next one", async () => {
    const { trackingCode: code } = await submit(stack.url, petitionBody());
    await act((await linkFor(stack.inbox, SCREENER, code)).link, "accept");
    await act((await linkFor(stack.inbox, APPROVER, code)).link, "forward");
    const agency = await linkFor(stack.inbox, AGENCY, code);
    expect((await fetch(agency.link)).status).toBe(200);
    await withConfig((config) => {
      const a = config.agencies.find((x) => x.email === AGENCY);
      if (a) a.email = "nhcsxh.moi@example.org";
    });
    const dead = await fetch(agency.link);
    expect(dead.status).toBe(410);
    expect(await dead.text()).toContain("Hội LHPN huyện Lâm Bình");
    expect((await act(agency.link, "acknowledge")).status).toBe(410);
  });
});

/** The intake link in the newest officer-link mail to `email`. */
async function officerLink(email: string): Promise<string> {
  const before = (await stack.inbox.to(email)).filter((m) => m.subject.startsWith("Đường link nhập")).length;
  await sendOfficerLink(email, stack.url);
  let mail: Mail | undefined;
  await expect
    .poll(
      async () => (mail = (await stack.inbox.to(email)).filter((m) => m.subject.startsWith("Đường link nhập"))[before]),
      {
        timeout: 15_000,
      },
    )
    .toBeDefined();
  return linksIn(mail as Mail).find((l) => /\/o\/[a-z2-7]{32}$/.test(l)) as string;
}

describe("an officer's intake link", () => {
  it("works for 30 days, not 31", async () => {
    const link = await officerLink(SCREENER);
    shiftClock(29 * 86_400_000);
    expect((await fetch(link)).status).toBe(200);
    shiftClock(2 * 86_400_000);
    expect((await fetch(link)).status).toBe(410);
  });

  it("enters at most the configured number of petitions a day, and refuses the next with nothing stored", async () => {
    await withConfig((config) => {
      config.limits = { ...config.limits, intakePerOfficerPerDay: 2 };
    });
    const link = await officerLink(SCREENER);
    const codes: string[] = [];
    for (let i = 0; i < 2; i++) {
      const res = await postJson(link, petitionBody());
      expect(res.status, res.text).toBe(201);
      codes.push(res.json.trackingCode as string);
    }
    const refused = await postJson(link, petitionBody());
    expect(refused.status).toBe(429);
    expect(refused.text).toContain("tối đa 2 kiến nghị một ngày");
    // The next Vietnam day, she enters again.
    shiftClock(86_400_000);
    expect((await postJson(link, petitionBody())).status).toBe(201);
    for (const code of codes) expect((await publicStatus(stack.url, code)).status).toBe(200);
  });

  it("is revoked by ops: every link dies, those later screening mails carry too, until ops send her a new one", async () => {
    const old = await officerLink(SCREENER);
    expect((await fetch(old)).status).toBe(200);
    await revokeOfficerLinks(SCREENER);
    const dead = await fetch(old);
    expect(dead.status).toBe(410);
    expect(await dead.text()).toContain("thu hồi");
    expect((await postJson(old, petitionBody())).status).toBe(410);
    // The next screening mail still carries an intake link: dead while she is revoked…
    const { trackingCode } = await submit(stack.url, petitionBody());
    const screening = await linkFor(stack.inbox, SCREENER, trackingCode);
    const meanwhile = linksIn(screening.mail).find((l) => /\/o\/[a-z2-7]{32}$/.test(l)) as string;
    expect((await fetch(meanwhile)).status).toBe(410);
    // …and after: only the link ops send works, and the screening mails' links that follow it.
    const fresh = await officerLink(SCREENER);
    expect((await fetch(fresh)).status).toBe(200);
    expect((await fetch(meanwhile)).status).toBe(410);
    expect((await fetch(old)).status).toBe(410);
    const next = await submit(stack.url, petitionBody());
    const later = linksIn((await linkFor(stack.inbox, SCREENER, next.trackingCode)).mail).find((l) =>
      /\/o\/[a-z2-7]{32}$/.test(l),
    ) as string;
    expect((await fetch(later)).status).toBe(200);
  });

  it("dies with her place on the unit's staff, and says whom to ask", async () => {
    const link = await officerLink(SCREENER);
    await withConfig((config) => {
      const unit = config.womensUnion.units.find((u) => u.id === "hlhpn-thuong-lam");
      if (unit) unit.staff = [{ name: "Người khác", email: "nguoi.khac@example.org", role: "screener" }];
    });
    const dead = await fetch(link);
    expect(dead.status).toBe(410);
    expect(await dead.text()).toContain("Hội LHPN xã Thượng Lâm");
    expect((await postJson(link, petitionBody())).status).toBe(410);
  });
});

describe("a commune moved to another unit", () => {
  it("takes the step from the old unit's links: the unit that now screens it is named", async () => {
    const { trackingCode: code } = await submit(stack.url, petitionBody());
    const screening = await linkFor(stack.inbox, SCREENER, code);
    expect((await fetch(screening.link)).status).toBe(200);
    // A reseed swaps two communes' unions: Thượng Lâm is now screened by Khuôn Hà's.
    await withConfig((config) => {
      const thuongLam = config.womensUnion.units.find((u) => u.id === "hlhpn-thuong-lam");
      const khuonHa = config.womensUnion.units.find((u) => u.id === "hlhpn-khuon-ha");
      if (!thuongLam || !khuonHa) throw new Error("demo units");
      [thuongLam.area, khuonHa.area] = [khuonHa.area, thuongLam.area];
    });
    const dead = await fetch(screening.link);
    expect(dead.status).toBe(410);
    expect(await dead.text()).toContain("Hội LHPN xã Khuôn Hà");
    expect((await act(screening.link, "accept")).status).toBe(410);
    expect((await publicStatus(stack.url, code)).json.status).toBe("screening");
  });
});

describe("receipts are not a relay", () => {
  it("a receipt to an address that never answered carries the code and fixed words; once she acts from her link, her words", async () => {
    const address = "relay.test@example.org";
    const lure = "Click http://evil.example now";
    const first = await submit(stack.url, petitionBody({ title: lure }, address));
    const [receipt] = await stack.inbox.waitFor(address, 1);
    const text = `${receipt?.body.text}\n${receipt?.body.html}`;
    expect(text).toContain(first.trackingCode);
    expect(text).not.toContain("evil.example");
    expect(text).not.toContain(String((petitionBody().petitioner as unknown as { fullName: string }).fullName));
    const unseen = await (
      await db().send(
        new GetCommand({ TableName: tableName(), Key: keys.petition(parseTrackingCode(first.trackingCode) as string) }),
      )
    ).Item;
    expect(unseen?.title).toBe(lure);

    // The receipt carries no link of hers either: a stranger at a mistyped address would read her petition.
    expect(linksIn(receipt as Mail).some((l) => l.includes("/a/"))).toBe(false);

    // A person asks her a question: that mail carries her link. Opening it (a GET, as a mail scanner does) proves
    // nothing; answering from it (a POST) shows the address is hers.
    const screening = await linkFor(stack.inbox, SCREENER, first.trackingCode);
    expect((await act(screening.link, "request_info", { question: "Chị ở thôn nào?" })).status).toBe(200);
    const asked = await stack.inbox.waitFor(address, 2);
    const own = linksIn(asked[1] as Mail).find((l) => /\/a\/[a-z2-7]{32}$/.test(l)) as string;
    expect((await fetch(own)).status).toBe(200);
    const second = await submit(stack.url, petitionBody({ title: "Đề nghị sửa đường" }, address));
    const afterGet = await stack.inbox.waitFor(address, 3);
    expect(afterGet.find((m) => m.subject.includes(second.trackingCode))?.body.text).not.toContain("Đề nghị sửa đường");
    expect((await act(own, "provide_info", { info: "Thôn Nà Tông." })).status).toBe(200);
    const third = await submit(stack.url, petitionBody({ title: "Đề nghị sửa cầu" }, address));
    await expect
      .poll(
        async () => (await stack.inbox.to(address)).find((m) => m.subject.includes(third.trackingCode))?.body.text,
        {
          timeout: 15_000,
        },
      )
      .toContain("Đề nghị sửa cầu");
  });

  it("sends at most the configured receipts to one address a day; the submissions themselves are kept", async () => {
    await withConfig((config) => {
      config.limits = { ...config.limits, receiptsPerAddressPerDay: 2 };
    });
    const address = "flooded@example.org";
    const codes: string[] = [];
    for (let i = 0; i < 4; i++) codes.push((await submit(stack.url, petitionBody({}, address))).trackingCode);
    for (const code of codes) expect((await publicStatus(stack.url, code)).status).toBe(200);
    expect((await mailsTo(address, "receipt")).length).toBe(2);

    const registrant = "flooded.registrant@example.org";
    for (let i = 0; i < 3; i++) {
      const res = await postJson(`${stack.url}/events/${EVENT}/registrations`, {
        ...validRegistration,
        phone: `0912 300 ${String(100 + i)}`,
        email: registrant,
      });
      expect(res.status, res.text).toBe(201);
    }
    const confirmations = (await mailsTo(registrant, "registration-confirmed")).length;
    expect(confirmations).toBe(2);
  });

  it("a registration's link, shown to whoever sent the form, proves nothing about the address; its cancellations are capped", async () => {
    await withConfig((config) => {
      config.limits = { ...config.limits, receiptsPerAddressPerDay: 2 };
    });
    const victim = "someone.else@example.org";
    // Register with her address, and cancel from the link the answer gives the sender: three times.
    for (let i = 0; i < 3; i++) {
      const res = await postJson(`${stack.url}/events/${EVENT}/registrations`, {
        ...validRegistration,
        phone: `0912 400 ${String(100 + i)}`,
        email: victim,
      });
      expect(res.status, res.text).toBe(201);
      const manage = (res.json.links as { manage: string }).manage;
      expect((await fetch(manage, { method: "POST", body: new URLSearchParams({ action: "cancel" }) })).status).toBe(
        200,
      );
    }
    // Two confirmations and no cancellation mail made it (the cap is per address, whatever the mail).
    const sent =
      (await mailsTo(victim, "registration-confirmed")).length +
      (await mailsTo(victim, "registration-cancelled")).length;
    expect(sent).toBe(2);
    // Her address is not "seen": a petition receipt to it (the cap back at 5) still carries fixed words only.
    await withConfig(() => undefined);
    const lure = "Lời mời http evil";
    const { trackingCode } = await submit(stack.url, petitionBody({ title: lure }, victim));
    await expect
      .poll(async () => (await stack.inbox.to(victim)).find((m) => m.subject.includes(trackingCode))?.body.text, {
        timeout: 15_000,
      })
      .toContain(trackingCode);
    const receipt = (await stack.inbox.to(victim)).find((m) => m.subject.includes(trackingCode));
    expect(`${receipt?.body.text}${receipt?.body.html}`).not.toContain(lure);
  });
});
