import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getHistory, getPetition } from "../../shared/petitions/petition.ts";
import { parseTrackingCode } from "../../shared/petitions/tracking.ts";
import { resetClock } from "../../shared/platform/clock.ts";
import { db, tableName } from "../../shared/platform/dynamo.ts";
import { act, demoPath, linkFor, mailFor, petitionBody, publicStatus, submit } from "../support/petitions.ts";
import { startStack, type TestStack } from "../support/stack.ts";
import { at, sweep } from "../support/sweeps.ts";

/**
 * Issue 10, parts 3, 5 and 7: nobody's step stalls unseen. A petition sent just before Tết 2027 is reminded, escalated
 * up the union's chain (district, then province), nudged, taken over, forwarded, re-routed away from a silent agency,
 * answered, and closed by itself when she never replies — each reminder once, however many sweeps overlap. Dates are
 * worked out by hand from the demo calendar: 2027-02-05 and 2027-02-08…11 are off (Tết), weekends off.
 */
let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  resetClock();
  await stack?.stop();
});

const province = "phochutich.hlhpn.tuyenquang@example.org";
const otherAgency = "ubnd.thuong-lam@example.org";

/** The mails of one kind about one petition the outbox holds (sent or not): what sweeps wrote, counted at the source. */
async function outboxCount(code: string, kind: string): Promise<number> {
  const out = await db().send(
    new ScanCommand({
      TableName: tableName(),
      FilterExpression: "kind = :kind AND contains(subject, :code)",
      ExpressionAttributeValues: { ":kind": kind, ":code": code },
    }),
  );
  return out.Count ?? 0;
}

describe("reminders and escalation across Tết 2027", () => {
  it("remind the holder, climb the chain, and let the unit above nudge and take over", async () => {
    at("2027-02-03T09:00");
    const { trackingCode: code } = await submit(stack.url, petitionBody());
    const stored = parseTrackingCode(code) as string;
    // Screening: 5 working days from Wed 3 Feb: Thu 4, Fri 12, Mon 15, Tue 16, Wed 17 (5 and 8–11 are Tết).
    expect((await publicStatus(stack.url, code)).json.deadline).toMatchObject({ due: "2027-02-17" });
    const screening = await linkFor(stack.inbox, demoPath.screener, code);

    // Nothing is due before its day, nor on its day before 08:00.
    at("2027-02-12T09:00");
    expect(await sweep()).toMatchObject({ due: 0, reminded: 0 });
    at("2027-02-15T07:30");
    expect(await sweep()).toMatchObject({ due: 0 });

    // Two working days before (Mon 15): the screener is reminded, with a link to the step.
    at("2027-02-15T09:00");
    expect(await sweep()).toMatchObject({ due: 1, reminded: 1 });
    const reminder = await linkFor(stack.inbox, demoPath.screener, `Nhắc hạn xử lý kiến nghị: ${code}`);
    expect(reminder.mail.body.text).toContain("còn 2 ngày làm việc");
    expect((await fetch(reminder.link)).status).toBe(200);
    // A rerun the same day sends nothing.
    expect(await sweep()).toMatchObject({ due: 0, reminded: 0 });

    // On the day: a second reminder. Then, the first working day after it, the district union (both approvers).
    at("2027-02-17T10:00");
    expect(await sweep()).toMatchObject({ reminded: 1 });
    await linkFor(stack.inbox, demoPath.screener, `Nhắc hạn xử lý kiến nghị: ${code}`, 2);
    at("2027-02-18T08:15");
    expect(await sweep()).toMatchObject({ escalated: 1 });
    const escalated = await linkFor(
      stack.inbox,
      demoPath.approver,
      `Kiến nghị quá hạn cần Hội cấp trên can thiệp: ${code}`,
    );
    await linkFor(stack.inbox, demoPath.approver2, `Kiến nghị quá hạn cần Hội cấp trên can thiệp: ${code}`);
    expect(escalated.mail.body.text).toContain("quá hạn 1 ngày làm việc");
    const page = await (await fetch(escalated.link)).text();
    for (const action of ["nudge", "take_over"]) expect(page).toContain(`value="${action}"`);
    // Re-routing is for a petition with an agency; this one is with the commune union.
    expect(page).not.toContain('value="reroute"');

    // The district nudges: the screener reads its words, and the step (and her link) stay as they were.
    expect(
      (await act(escalated.link, "nudge", { nudge: "Chị Thu xem giúp kiến nghị này trước thứ Sáu." })).status,
    ).toBe(200);
    const nudged = await linkFor(stack.inbox, demoPath.screener, `Hội cấp trên nhắc xử lý kiến nghị: ${code}`);
    expect(nudged.mail.body.text).toContain("Chị Thu xem giúp kiến nghị này trước thứ Sáu.");
    expect((await fetch(screening.link)).status).toBe(200);

    // Still nothing five working days after the first escalation (Thu 25): the province union is told.
    at("2027-02-24T09:00");
    expect(await sweep()).toMatchObject({ due: 0 });
    at("2027-02-25T09:00");
    expect(await sweep()).toMatchObject({ escalated: 1 });
    const top = await linkFor(stack.inbox, province, `Kiến nghị quá hạn cần Hội cấp trên can thiệp: ${code}`);

    // The province takes it over: the commune's link dies, the province approves it itself.
    expect((await act(top.link, "take_over", { note: "Hội tỉnh trực tiếp xử lý." })).status).toBe(200);
    expect((await fetch(screening.link)).status).toBe(410);
    expect((await fetch(escalated.link)).status).toBe(410);
    await mailFor(stack.inbox, demoPath.screener, `Kiến nghị đã được chuyển khỏi đơn vị: ${code}`);
    const approval = await linkFor(stack.inbox, province, `Kiến nghị cần duyệt: ${code}`);
    const petition = await getPetition(stored);
    expect(petition?.status).toBe("approval");
    expect(petition?.routing.approvingUnit).toBe("hlhpn-tuyen-quang");
    // Approval: 5 working days from Thu 25 Feb.
    expect(petition?.deadline?.due).toBe("2027-03-04");

    const history = await getHistory(stored);
    expect(history.map((e) => e.action)).toEqual([
      "submit",
      "remind",
      "remind",
      "escalate",
      "nudge",
      "escalate",
      "take_over",
    ]);
    expect(history.filter((e) => e.action === "escalate").map((e) => e.escalatedTo)).toEqual([
      "hlhpn-lam-binh",
      "hlhpn-tuyen-quang",
    ]);
    // The screening ended (taken from her) late: so the record says, once, when it happened.
    expect(history.find((e) => e.action === "take_over")?.ended).toEqual({
      step: "screening",
      due: "2027-02-17",
      onTime: false,
    });
    // Anyone with the code sees that it was escalated, never by or to whom.
    const timeline = (await publicStatus(stack.url, code)).json.timeline as { action: string; actor?: string }[];
    expect(timeline.map((e) => e.action)).toContain("escalate");
    expect(timeline.every((e) => e.actor === undefined)).toBe(true);

    // Forwarded, then the agency stays silent past its acknowledgement: the province (which forwarded it) is told,
    // and re-routes it to the commune's People's Committee.
    expect((await act(approval.link, "forward")).status).toBe(200);
    const agency = await linkFor(stack.inbox, demoPath.agency, code);
    at("2027-03-12T09:00");
    await sweep();
    const late = await linkFor(stack.inbox, province, `Kiến nghị quá hạn cần Hội cấp trên can thiệp: ${code}`, 2);
    expect(await (await fetch(late.link)).text()).toContain('value="reroute"');
    const same = await act(late.link, "reroute", { agency: "nhcsxh" });
    expect(same.status).toBe(400);
    expect(same.html).toContain("Kiến nghị đang ở cơ quan này");
    expect((await act(late.link, "reroute", { agency: "ubnd-xa" })).status).toBe(200);
    expect((await fetch(agency.link)).status).toBe(410);
    await mailFor(stack.inbox, demoPath.agency, `Kiến nghị đã được chuyển khỏi đơn vị: ${code}`);
    const second = await linkFor(stack.inbox, otherAgency, code);
    expect((await fetch(second.link)).status).toBe(200);
    const rerouted = (await getHistory(stored)).find((e) => e.action === "reroute");
    expect(rerouted).toMatchObject({ agency: "ubnd-xa", ended: { step: "acknowledgement", onTime: false } });

    // The commune's People's Committee answers within its acknowledgement period; she never replies, and five weeks
    // after the answer (Fri 12 March + 35 days) the petition closes itself.
    expect((await act(second.link, "answer", { answer: "UBND xã đã bố trí vốn." })).status).toBe(200);
    expect((await getHistory(stored)).find((e) => e.action === "answer")?.ended).toEqual({
      step: "acknowledgement",
      due: "2027-03-19",
      onTime: true,
    });
    at("2027-04-15T09:00");
    expect(await sweep()).toMatchObject({ closed: 0 });
    at("2027-04-16T09:00");
    expect(await sweep()).toMatchObject({ closed: 1 });
    expect((await getPetition(stored))?.status).toBe("closed");
    expect((await getHistory(stored)).at(-1)).toMatchObject({ action: "auto_close", from: "answered", to: "closed" });
    resetClock();
  });

  it("sends each alarm once however many sweeps overlap", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 6 }), fc.integer({ min: 1, max: 3 }), async (sweeps, petitions) => {
        resetClock();
        at("2027-04-05T09:00");
        const codes: string[] = [];
        for (let i = 0; i < petitions; i++) codes.push((await submit(stack.url, petitionBody())).trackingCode);
        // Screening due Mon 12 April; on Thu 8 April (2 working days before) each one's first reminder is due.
        at("2027-04-08T09:00");
        await Promise.all(Array.from({ length: sweeps }, () => sweep()));
        for (const code of codes) {
          const entries = (await getHistory(parseTrackingCode(code) as string)).filter((e) => e.action === "remind");
          expect(entries).toHaveLength(1);
          expect(await outboxCount(code, "reminder")).toBe(1);
        }
        // Reruns, overlapping too, add nothing.
        await Promise.all(Array.from({ length: sweeps }, () => sweep()));
        for (const code of codes) expect(await outboxCount(code, "reminder")).toBe(1);
      }),
      { numRuns: 4 },
    );
    resetClock();
  });
});
