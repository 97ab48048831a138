import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getEvent } from "../../shared/events/model.ts";
import { queryAll } from "../../shared/platform/dynamo.ts";
import { displaySpokenCode, SPOKEN_ALPHABET } from "../../shared/platform/ids.ts";
import type { Registration } from "../../shared/registration/model.ts";
import { sendOrganiserLink } from "../../shared/registration/organisers.ts";
import { saveConfig } from "../../shared/seed.ts";
import { configWith, testEvent, validRegistration } from "../support/fixtures.ts";
import { linksIn, postForm, postJson, startStack, type TestStack } from "../support/stack.ts";

/**
 * The organiser's link (/g/…): the door (check-in by a spoken code or a name), walk-ins, the attendance counts,
 * the roster with its bulk cancel of a flood, and the e-mail a flood sets off — against DynamoDB Local and the
 * local SES, through the local API Gateway.
 */
const ORGANISER = "hlhpn.thuonglam@example.org"; // staff of hlhpn-thuong-lam, the test events' organiser
const OUTSIDER = "hlhpn.khuonha@example.org"; // staff of another unit
const events = [
  testEvent({ id: "door-event", capacity: 3 }),
  testEvent({ id: "flood-event", capacity: 5 }),
  testEvent({ id: "burst-event", capacity: 100, burstAlertPerMinute: 6 }),
];
let stack: TestStack;
let phoneSeq = 0;
const nextPhone = () => `0356${String(phoneSeq++).padStart(6, "0")}`;

beforeAll(async () => {
  stack = await startStack({ config: configWith(events) });
});
afterAll(async () => stack?.stop());

async function organiserLinkFor(eventId: string, email = ORGANISER): Promise<string> {
  const before = (await stack.inbox.to(email)).length;
  await sendOrganiserLink(eventId, email, stack.url);
  const mails = await stack.inbox.waitFor(email, before + 1);
  const mail = mails.filter((m) => m.subject.includes("Danh sách đăng ký")).at(-1);
  return linksIn(mail as never).find((l) => l.includes("/g/")) as string;
}

const register = (eventId: string, extra: Record<string, unknown> = {}) =>
  postJson(`${stack.url}/events/${eventId}/registrations`, { ...validRegistration, phone: nextPhone(), ...extra });

async function stored(eventId: string) {
  const items = await queryAll<Record<string, unknown>>({
    KeyConditionExpression: "pk = :pk",
    ExpressionAttributeValues: { ":pk": `EVENT#${eventId}` },
    ConsistentRead: true,
  });
  return {
    registrations: items.filter((i) => String(i.sk).startsWith("REG#")) as unknown as Registration[],
    log: items.filter((i) => String(i.sk).startsWith("LOG#")),
    event: await getEvent(eventId, true),
  };
}

const text = async (res: Response) => ({ status: res.status, html: await res.text() });

describe("the organiser's link", () => {
  it("is sent only to the staff of the organising unit, and stops working when she leaves the configuration", async () => {
    await expect(sendOrganiserLink("door-event", OUTSIDER, stack.url)).rejects.toThrow(/not on the staff/);
    const link = await organiserLinkFor("door-event");
    expect(link).toMatch(/\/g\/[a-z2-7]{32}$/);
    expect((await fetch(link)).status).toBe(200);

    const config = configWith(events);
    const unit = config.womensUnion.units.find((u) => u.id === "hlhpn-thuong-lam");
    if (!unit) throw new Error("no unit");
    unit.staff = [{ name: "Người khác", email: "nguoi.khac@example.org", role: "screener" }];
    await saveConfig(config);
    try {
      // A dead link that names the unit to ask, and nothing of the event's people.
      const gone = await fetch(link);
      expect(gone.status).toBe(410);
      const page = await gone.text();
      expect(page).toContain("Liên kết không còn dùng được");
      expect(page).toContain("Hội LHPN xã Thượng Lâm");
      expect(page).not.toContain("Ma Thị Hoa");
      expect((await postForm(link, { action: "checkin", code: "ACD479KM" })).status).toBe(410);
    } finally {
      await saveConfig(configWith(events));
    }
  });

  it("opens the door page: small, no script, and a GET or HEAD changes nothing", async () => {
    const link = await organiserLinkFor("door-event");
    const res = await fetch(link);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(Buffer.byteLength(html)).toBeLessThanOrEqual(15 * 1024);
    expect(html).not.toMatch(/<script|src="/);
    // Its links and forms lead only to her own pages, built from the route's name: origin-relative, so the page
    // works on whatever host it was reached through.
    const own = new URL(link).pathname;
    const targets = [...html.matchAll(/(?:href|action)="(\/[^"]*)"/g)].map((m) => m[1] as string);
    expect(targets.length).toBeGreaterThan(3);
    for (const target of targets) expect(target.startsWith(own)).toBe(true);
    expect(html).not.toMatch(/(?:href|action)="http/);
    expect(html).toContain("Mã đăng ký chị ấy đọc");
    const before = await stored("door-event");
    await fetch(link, { method: "HEAD" });
    await fetch(`${link}?view=roster`);
    expect(await stored("door-event")).toEqual(before);
  });
});

describe("check-in at the door", () => {
  let link: string;
  beforeAll(async () => {
    link = await organiserLinkFor("door-event");
  });

  it("checks her in once by the code she reads out, forgiving spaces, dashes and lower case", async () => {
    const res = await register("door-event", { fullName: "Lò Thị Hòa" });
    const code = String(res.json.code);
    const spoken = ` ${displaySpokenCode(code).toLowerCase().replace("-", " - ")} `;
    const first = await text(await postForm(link, { action: "checkin", code: spoken }));
    expect(first.status).toBe(200);
    expect(first.html).toContain("Đã điểm danh:");
    expect(first.html).toContain("Lò Thị Hòa");
    expect(Buffer.byteLength(first.html)).toBeLessThanOrEqual(15 * 1024);

    const again = await text(await postForm(link, { action: "checkin", code }));
    expect(again.status).toBe(409);
    expect(again.html).toMatch(/Lò Thị Hòa đã điểm danh lúc \d{2}:\d{2}:\d{2}/);
    const mine = (await stored("door-event")).registrations.find((r) => r.code === code);
    expect(mine?.checkedInAt).toEqual(expect.any(String));
    expect(mine?.checkedInBy).toBe(ORGANISER);
  });

  it("answers a misheard symbol with “no such code”, never someone else", async () => {
    const res = await register("door-event", { fullName: "Đinh Thị Mai" });
    const code = String(res.json.code);
    // Every single-symbol mistake in one position, through the page (the unit test tries them all).
    for (const replacement of SPOKEN_ALPHABET.replace(code[3] as string, "").slice(0, 6)) {
      const wrong = `${code.slice(0, 3)}${replacement}${code.slice(4)}`;
      const answer = await text(await postForm(link, { action: "checkin", code: wrong }));
      expect(answer.status).toBe(404);
      expect(answer.html).toContain(`Không có mã “${wrong}”`);
    }
    expect((await stored("door-event")).registrations.filter((r) => r.checkedInAt)).toHaveLength(1);
    const nonsense = await text(await postForm(link, { action: "checkin", code: "<b>0O1IL</b>" }));
    expect(nonsense.status).toBe(404);
    expect(nonsense.html).not.toContain("<b>0O1IL</b>");
  });

  it("finds her by name without diacritics, or by the last digits of her phone, and checks her in from the list", async () => {
    const res = await register("door-event", { fullName: "Hoàng Thị Duyên", phone: "0356 777 123" });
    expect(res.status).toBe(201);
    for (const q of ["duyen", "HOANG THI", "777 123"]) {
      const page = await (await fetch(`${link}?q=${encodeURIComponent(q)}`)).text();
      expect(page, q).toContain("Hoàng Thị Duyên");
      expect(page).toContain("0356 *** 123");
      expect(page).not.toContain("0356 777 123");
    }
    const found = await (await fetch(`${link}?q=duyen`)).text();
    const registrationId = found.match(/name="registrationId" value="([a-z2-7]{16})"/)?.[1] as string;
    // Her button posts back to the search: the answer shows the same list, her row now checked in.
    const action = found
      .match(
        /<form method="post" action="([^"]+)"><input type="hidden" name="lang" value="vi"><input type="hidden" name="action" value="checkin"><input type="hidden" name="registrationId"/,
      )?.[1]
      ?.replaceAll("&amp;", "&") as string;
    expect(action).toBe(`${new URL(link).pathname}?view=door&q=duyen`);
    const checked = await text(await postForm(new URL(action, link).href, { action: "checkin", registrationId }));
    expect(checked.status).toBe(200);
    expect(checked.html).toContain("Đã điểm danh:");
    expect(checked.html).toMatch(/<li>Hoàng Thị Duyên[^<]*<strong>Đã điểm danh/);
  });

  it("tells who is waiting or cancelled, and lets a waiting woman in beyond capacity only when asked", async () => {
    // door-event has 3 seats, all taken above; the next one waits.
    const waiting = await register("door-event", { fullName: "Vàng Thị Sinh" });
    expect(waiting.json.status).toBe("waitlisted");
    const told = await text(await postForm(link, { action: "checkin", code: String(waiting.json.code) }));
    expect(told.status).toBe(409);
    expect(told.html).toContain("Vàng Thị Sinh đang ở danh sách chờ (số 1)");
    const before = await getEvent("door-event", true);
    const letIn = await text(
      await postForm(link, {
        action: "checkin",
        registrationId: String(waiting.json.registrationId),
        overCapacity: "on",
      }),
    );
    expect(letIn.status).toBe(200);
    expect(letIn.html).toContain("vượt số chỗ");
    const after = await getEvent("door-event", true);
    expect(after).toMatchObject({
      confirmedCount: before?.confirmedCount,
      waitlistedCount: (before?.waitlistedCount ?? 0) - 1,
      overCapacityCount: (before?.overCapacityCount ?? 0) + 1,
    });

    const gone = await register("door-event", { fullName: "Triệu Thị Mai" });
    const manage = (gone.json.links as { manage: string }).manage;
    expect((await postForm(manage, { action: "cancel" })).status).toBe(200);
    const cancelled = await text(await postForm(link, { action: "checkin", code: String(gone.json.code) }));
    expect(cancelled.status).toBe(409);
    expect(cancelled.html).toContain("Đăng ký của Triệu Thị Mai đã bị hủy");
  });

  it("registers a walk-in and checks her in; when full, only with “over capacity” ticked", async () => {
    const walkIn = {
      action: "walk-in",
      fullName: "Bàn Thị Liên",
      phone: nextPhone(),
      gender: "female",
      role: "Hội viên phụ nữ",
      commune: "thuong-lam",
      consent: "on",
      ethnicity: "Dao",
      ethnicityConsent: "on",
    };
    const refused = await text(await postForm(link, walkIn));
    expect(refused.status).toBe(409);
    expect(refused.html).toMatch(/id="f-overCapacity-err">Đã hết chỗ/);
    expect(refused.html).toContain('value="Bàn Thị Liên"');

    const taken = await text(await postForm(link, { ...walkIn, overCapacity: "on" }));
    expect(taken.status).toBe(201);
    expect(taken.html).toContain("Đã đăng ký tại chỗ và điểm danh");
    const liên = (await stored("door-event")).registrations.find((r) => r.fullName === "Bàn Thị Liên");
    expect(liên).toMatchObject({ walkIn: true, overCapacity: true, status: "confirmed", ethnicity: { name: "Dao" } });
    expect(liên?.checkedInAt).toEqual(expect.any(String));

    const twice = await text(await postForm(link, { ...walkIn, overCapacity: "on" }));
    expect(twice.status).toBe(409);
    expect(twice.html).toContain("Số điện thoại này đã có đăng ký cho sự kiện này");
    const missing = await text(await postForm(link, { action: "walk-in", fullName: "", phone: "1" }));
    expect(missing.status).toBe(400);
    expect(missing.html).toMatch(/id="f-phone-err">/);
  });

  it("counts registered, checked in, walk-ins and no-shows by role, commune, gender and consented ethnicity", async () => {
    const { registrations } = await stored("door-event");
    const active = registrations.filter((r) => r.status !== "cancelled");
    const page = await (await fetch(`${link}?view=counts`)).text();
    const totalRow = page.match(/<tr><td>Tổng<\/td>((?:<td>\d+<\/td>){5})<\/tr>/)?.[1];
    const numbers = [...(totalRow ?? "").matchAll(/<td>(\d+)<\/td>/g)].map((m) => Number(m[1]));
    const seated = active.filter((r) => r.status === "confirmed" && !r.walkIn);
    expect(numbers).toEqual([
      seated.length,
      seated.filter((r) => r.checkedInAt).length,
      active.filter((r) => r.walkIn).length,
      seated.filter((r) => !r.checkedInAt).length,
      active.filter((r) => r.status === "waitlisted").length,
    ]);
    expect(page).toContain("Theo dân tộc");
    expect(page).toMatch(/<tr><td>Dao<\/td><td>0<\/td><td>0<\/td><td>1<\/td>/);
    expect(page).toContain("(không khai báo)");
    expect(page).toContain("Xã Thượng Lâm");
  });
});

describe("a flood, seen and cancelled by the organiser", () => {
  it("bulk-cancels a time window: the waiting get the seats in order with an e-mail, the action is recorded", async () => {
    const link = await organiserLinkFor("flood-event");
    // Two real women register early; then a script takes the rest with made-up numbers; two real women wait.
    const real = [await register("flood-event", { fullName: "Ma Thị Hoa" })];
    real.push(await register("flood-event", { fullName: "Quan Thị Thu" }));
    await new Promise((r) => setTimeout(r, 1100)); // the flood arrives in a later second
    const flood = await Promise.all(
      Array.from({ length: 8 }, (_, i) => register("flood-event", { fullName: `Bot ${"ABCDEFGH"[i]}` })),
    );
    expect(flood.map((f) => f.status)).toEqual(Array(8).fill(201));
    await new Promise((r) => setTimeout(r, 1100));
    const waiting = [
      await register("flood-event", { fullName: "Nông Thị Lan", email: "lan.waiting@example.org" }),
      await register("flood-event", { fullName: "Lý Thị Dính", email: "dinh.waiting@example.org" }),
    ];
    expect(waiting.map((w) => w.json.status)).toEqual(["waitlisted", "waitlisted"]);
    // A real participant who already came is never cancelled by a window that covers her.
    await postForm(link, { action: "checkin", code: String(real[0]?.json.code) });

    const { registrations } = await stored("flood-event");
    const bots = registrations.filter((r) => r.fullName.startsWith("Bot"));
    const local = (iso: string) => new Date(Date.parse(iso) + 7 * 3_600_000).toISOString().slice(0, 19);
    const from = local(bots.map((b) => b.createdAt).sort()[0] as string);
    const to = local(
      bots
        .map((b) => b.createdAt)
        .sort()
        .at(-1) as string,
    );
    const roster = await (await fetch(`${link}?view=roster&from=${from}&to=${to}`)).text();
    expect(roster).toContain(`8 / 12 đăng ký`);
    expect(roster).toContain("Những phút nhiều đăng ký nhất");

    // The roster's bulk forms post to the bulk route (its own function, with the longer timeout).
    // With the roster's filter and page, so the page that answers shows the same roster.
    expect(roster).toContain(`action="${new URL(link).pathname}/bulk?view=roster&amp;from=`);
    const preview = await text(await postForm(`${link}/bulk`, { action: "bulk-preview", from, to }));
    expect(preview.status).toBe(200);
    expect(preview.html).toContain("Sẽ hủy 8 đăng ký");
    // Answered at /g/{token}/bulk, the page's links still lead to her pages, not under /bulk.
    expect(preview.html).toContain(`href="${new URL(link).pathname}?view=door"`);
    expect(preview.html.slice(preview.html.indexOf("<main>"), preview.html.indexOf("</main>"))).not.toMatch(/href="\?/);
    expect(await stored("flood-event").then((s) => s.registrations.filter((r) => r.status === "cancelled"))).toEqual(
      [],
    );

    const done = await text(await postForm(`${link}/bulk`, { action: "bulk-cancel", from, to }));
    expect(done.status).toBe(200);
    expect(done.html).toContain("Đã hủy 8 đăng ký; 2 người trong danh sách chờ đã được nhận chỗ.");
    const after = await stored("flood-event");
    expect(
      after.registrations
        .filter((r) => r.status === "cancelled")
        .map((r) => r.fullName)
        .sort(),
    ).toEqual(bots.map((b) => b.fullName).sort());
    expect(after.registrations.filter((r) => r.status === "cancelled").every((r) => r.cancelledBy === ORGANISER)).toBe(
      true,
    );
    expect(
      after.registrations
        .filter((r) => r.status === "confirmed")
        .map((r) => r.fullName)
        .sort(),
    ).toEqual(["Lý Thị Dính", "Ma Thị Hoa", "Nông Thị Lan", "Quan Thị Thu"].sort());
    expect(after.event).toMatchObject({ confirmedCount: 4, waitlistedCount: 0 });
    expect(after.log).toMatchObject([
      { action: "bulk-cancel", by: "Quan Thị Thu", byEmail: ORGANISER, count: 8, promoted: 2 },
    ]);
    expect(done.html).toContain("Các lần hủy hàng loạt");
    for (const address of ["lan.waiting@example.org", "dinh.waiting@example.org"]) {
      const mails = await stack.inbox.waitFor(address, 2);
      expect(mails.map((m) => m.subject).join("\n")).toContain("Chị đã có chỗ");
    }
    // Their numbers are free again: a real woman among them can register anew.
    expect(
      (await postJson(`${stack.url}/events/flood-event/registrations`, { ...validRegistration, phone: bots[0]?.phone }))
        .status,
    ).toBe(201);
  });

  it("asks what to cancel when nothing is selected, and refuses a malformed window", async () => {
    const link = await organiserLinkFor("flood-event");
    const nothing = await text(await postForm(`${link}/bulk`, { action: "bulk-cancel" }));
    expect(nothing.status).toBe(400);
    expect(nothing.html).toContain("Hãy đánh dấu người cần hủy");
    const bad = await text(await postForm(`${link}/bulk`, { action: "bulk-preview", from: "yesterday" }));
    expect(bad.status).toBe(400);
    const noAction = await fetch(link, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "",
    });
    expect(noAction.status).toBe(400);
    // A roster opened before the bulk route existed posts its bulk buttons to the door: sent on, body kept (307).
    const old = await fetch(link, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "action=bulk-cancel",
      redirect: "manual",
    });
    expect(old.status).toBe(307);
    expect(old.headers.get("location")).toBe(`${new URL(link).pathname}/bulk`);
    // The bulk route takes no check-in.
    expect((await postForm(`${link}/bulk`, { action: "checkin", code: "ACD4-79KM" })).status).toBe(400);
  });

  it("e-mails each organiser once when registrations burst far above the event's rate", async () => {
    const url = `${stack.url}/events/burst-event/registrations`;
    // burst-event alerts at 6 in a minute; 20 arrive.
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => postJson(url, { ...validRegistration, phone: nextPhone() })),
    );
    expect(answers.every((a) => a.status === 201)).toBe(true);
    const [alert] = await waitForAlert();
    expect(alert?.subject).toContain("Đăng ký tăng đột biến");
    const link = linksIn(alert as never).find((l) => l.includes("/g/")) as string;
    expect((await fetch(`${link}?view=roster`)).status).toBe(200);
    // More of the same burst, and later the same day: no second alert.
    await Promise.all(Array.from({ length: 10 }, () => postJson(url, { ...validRegistration, phone: nextPhone() })));
    await new Promise((r) => setTimeout(r, 300));
    const alerts = (await stack.inbox.to(ORGANISER)).filter((m) => m.subject.startsWith("Đăng ký tăng đột biến"));
    expect(alerts).toHaveLength(1);
  });
});

async function waitForAlert() {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const found = (await stack.inbox.to(ORGANISER)).filter((m) => m.subject.startsWith("Đăng ký tăng đột biến"));
    if (found.length > 0) return found;
    if (Date.now() > deadline) throw new Error("no burst alert arrived");
    await new Promise((r) => setTimeout(r, 50));
  }
}
