import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getHistory, getPetition } from "../../shared/petitions/petition.ts";
import { parseTrackingCode } from "../../shared/petitions/tracking.ts";
import { resetClock } from "../../shared/platform/clock.ts";
import { act, demoPath, linkFor, mailFor, petitionBody, publicStatus, submit } from "../support/petitions.ts";
import { startStack, type TestStack } from "../support/stack.ts";
import { at, sweep } from "../support/sweeps.ts";

/**
 * Issue 10, part 5: her verdict, then closing. Three weeks after the answer she is asked whether her issue was
 * resolved (by e-mail, or through the commune union's officer); "not yet" asks again later, "not resolved" sends it
 * back to the union above, and with no word from her five weeks after the answer it closes itself, across Tết 2027.
 */
let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  resetClock();
  await stack?.stop();
});

/** A petition walked to its answer (the clock standing at `day`, 09:00 Vietnam). */
async function answered(day: string, email?: string): Promise<string> {
  at(`${day}T09:00`);
  const { trackingCode: code } = await submit(stack.url, petitionBody({}, email));
  expect((await act((await linkFor(stack.inbox, demoPath.screener, code)).link, "accept")).status).toBe(200);
  expect((await act((await linkFor(stack.inbox, demoPath.approver, code)).link, "forward")).status).toBe(200);
  const agency = (await linkFor(stack.inbox, demoPath.agency, code)).link;
  expect((await act(agency, "answer", { answer: "Ngân hàng đã nâng mức vay." })).status).toBe(200);
  return code;
}

describe("her verdict on the answer", () => {
  it("is asked three weeks after the answer; 'not yet' asks again later; 'not resolved' goes back to the union above", async () => {
    const email = "verdict.hoa@example.org";
    const code = await answered("2027-03-01", email);
    at("2027-03-21T09:00");
    expect(await sweep()).toMatchObject({ asked: 0 });
    at("2027-03-22T09:00");
    expect(await sweep()).toMatchObject({ asked: 1 });
    const asked = await linkFor(stack.inbox, email, "Vấn đề của chị đã được giải quyết chưa?");
    const page = await (await fetch(asked.link)).text();
    for (const action of ["close", "not_resolved", "not_yet"]) expect(page).toContain(`value="${action}"`);

    expect((await act(asked.link, "not_yet")).status).toBe(200);
    const waiting = await getPetition(parseTrackingCode(code) as string);
    expect(waiting?.status).toBe("answered");
    expect(waiting?.verdict).toMatchObject({ answer: "not_yet", by: "petitioner" });
    // Asked again three weeks after her "not yet", not closed five weeks after the answer.
    at("2027-04-05T09:00");
    expect(await sweep()).toMatchObject({ closed: 0, asked: 0 });
    at("2027-04-12T09:00");
    expect(await sweep()).toMatchObject({ asked: 1 });
    const again = await linkFor(stack.inbox, email, "Vấn đề của chị đã được giải quyết chưa?", 2);

    expect((await act(again.link, "not_resolved", { reason: "Chưa nhận được vốn vay." })).status).toBe(200);
    const reopened = await getPetition(parseTrackingCode(code) as string);
    expect(reopened?.status).toBe("approval");
    expect(reopened?.verdict).toMatchObject({ answer: "not_resolved", by: "petitioner" });
    expect(reopened?.deadline?.step).toBe("approval");
    const back = await linkFor(stack.inbox, demoPath.approver, code, 2);
    expect(await (await fetch(back.link)).text()).toContain("Chưa nhận được vốn vay.");
    resetClock();
  });

  it("is asked through the officer for a woman without e-mail, who records it for her", async () => {
    const code = await answered("2027-03-02");
    at("2027-03-23T09:00");
    expect(await sweep()).toMatchObject({ asked: 1 });
    const ask = await linkFor(stack.inbox, demoPath.screener, `Xin hỏi ý kiến người kiến nghị về câu trả lời: ${code}`);
    expect((await act(ask.link, "close", { note: "Chị cho biết đã được vay vốn." })).status).toBe(200);
    const closed = await getPetition(parseTrackingCode(code) as string);
    expect(closed?.status).toBe("closed");
    expect(closed?.verdict).toMatchObject({ answer: "resolved", by: "officer" });
    resetClock();
  });

  it("closes an answered petition by itself five weeks after the answer (across Tết), once, and tells her and the union", async () => {
    const email = "verdict.thu@example.org";
    // Answered Wed 20 January 2027: asked Wed 10 February (Tết: calendar days), closed Wed 24 February.
    const code = await answered("2027-01-20", email);
    const stored = parseTrackingCode(code) as string;
    at("2027-02-10T09:00");
    expect(await sweep()).toMatchObject({ asked: 1 });
    at("2027-02-23T09:00");
    expect(await sweep()).toMatchObject({ closed: 0 });
    at("2027-02-24T09:00");
    const [first, second] = await Promise.all([sweep(), sweep()]);
    expect((first?.closed ?? 0) + (second?.closed ?? 0)).toBe(1);
    expect((await getPetition(stored))?.status).toBe("closed");
    const history = await getHistory(stored);
    expect(history.filter((e) => e.action === "auto_close")).toEqual([
      expect.objectContaining({ from: "answered", to: "closed", role: "system" }),
    ]);
    await mailFor(stack.inbox, email, `Kiến nghị đã kết thúc: ${code}`);
    await mailFor(stack.inbox, demoPath.screener, `Kiến nghị đã tự động kết thúc: ${code}`);
    // Her link to the question no longer acts; the status says closed.
    const asked = await linkFor(stack.inbox, email, "Vấn đề của chị đã được giải quyết chưa?");
    expect(await (await fetch(asked.link)).text()).not.toContain('value="not_resolved"');
    expect((await publicStatus(stack.url, code)).json.status).toBe("closed");
    expect(await sweep()).toMatchObject({ closed: 0, asked: 0 });
    resetClock();
  });
});
