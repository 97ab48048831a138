import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { configHelpers } from "../../shared/config/config.ts";
import { demoConfig } from "../../shared/config/demo.ts";
import { configuredAddresses, maskAddress, parseSesEvent, shownAddress } from "../../shared/petitions/mail-events.ts";

/** Reading SES's reports (shared/petitions/mail-events.ts), and what the mail-health list shows of an address. */

const AT = "2027-03-01T02:00:00.000Z";

/** An SES event as event publishing writes it (trimmed of the headers the module does not read). */
function sesEvent(overrides: Record<string, unknown> = {}) {
  return {
    eventType: "Bounce",
    bounce: {
      feedbackId: "0100017d-feedback",
      bounceType: "Permanent",
      bounceSubType: "General",
      bouncedRecipients: [
        { emailAddress: "nhcsxh.lambinh@example.org", action: "failed", status: "5.1.1", diagnosticCode: "smtp; 550" },
      ],
      timestamp: "2027-02-28T10:00:00.000Z",
      reportingMTA: "dsn; a27-1.smtp-out.ap-southeast-1.amazonses.com",
    },
    mail: {
      timestamp: "2027-02-28T09:59:58.000Z",
      source: "thongbao@example.org",
      sourceArn: "arn:aws:ses:ap-southeast-1:123456789012:identity/thongbao@example.org",
      sendingAccountId: "123456789012",
      messageId: "0100017d-message",
      destination: ["nhcsxh.lambinh@example.org"],
      headersTruncated: false,
      headers: [{ name: "To", value: "nhcsxh.lambinh@example.org" }],
      commonHeaders: { to: ["nhcsxh.lambinh@example.org"], subject: "Kiến nghị mới" },
      tags: { "ses:configuration-set": ["tieng-noi-prod"], mailId: ["abcdefgh23456789"] },
    },
    ...overrides,
  };
}
const parse = (value: unknown, snsId = "sns-1") =>
  parseSesEvent(typeof value === "string" ? value : JSON.stringify(value), snsId, AT);

describe("an SES report, read", () => {
  it("reads event publishing's bounce: type, subtype, when, whom, which mail, and its feedback id", () => {
    expect(parse(sesEvent())).toEqual({
      ok: true,
      event: {
        type: "Permanent",
        subType: "General",
        at: "2027-02-28T10:00:00.000Z",
        recipients: ["nhcsxh.lambinh@example.org"],
        mailId: "abcdefgh23456789",
        eventId: "0100017d-feedback",
      },
    });
    const transient = sesEvent({
      bounce: { ...sesEvent().bounce, bounceType: "Transient", bounceSubType: "MailboxFull" },
    });
    expect(parse(transient)).toMatchObject({ ok: true, event: { type: "Transient", subType: "MailboxFull" } });
  });

  it("reads a complaint", () => {
    const complaint = sesEvent({
      eventType: "Complaint",
      bounce: undefined,
      complaint: {
        complainedRecipients: [{ emailAddress: "Hoa.Nguyen@Gmail.com" }],
        complaintFeedbackType: "abuse",
        timestamp: "2027-02-28T11:00:00Z",
        feedbackId: "complaint-1",
      },
    });
    expect(parse(complaint)).toEqual({
      ok: true,
      event: {
        type: "Complaint",
        subType: "abuse",
        at: "2027-02-28T11:00:00.000Z",
        recipients: ["Hoa.Nguyen@Gmail.com"],
        mailId: "abcdefgh23456789",
        eventId: "complaint-1",
      },
    });
  });

  it("reads the older identity notifications (`notificationType`), which carry no tags: no mail, the SNS id", () => {
    const { eventType: _, ...rest } = sesEvent();
    const older = {
      ...rest,
      notificationType: "Bounce",
      bounce: { ...rest.bounce, feedbackId: undefined },
      mail: { ...rest.mail, tags: undefined },
    };
    expect(parse(older, "sns-42")).toEqual({
      ok: true,
      event: {
        type: "Permanent",
        subType: "General",
        at: "2027-02-28T10:00:00.000Z",
        recipients: ["nhcsxh.lambinh@example.org"],
        eventId: "sns-42",
      },
    });
  });

  it("skips what is not a bounce or a complaint as SES writes them, saying why", () => {
    expect(parse("not json {")).toEqual({ ok: false, reason: "not-json" });
    expect(parseSesEvent(undefined, "x")).toEqual({ ok: false, reason: "malformed" });
    expect(parse({})).toMatchObject({ ok: false, reason: "malformed" });
    expect(parse([1, 2])).toMatchObject({ ok: false, reason: "malformed" });
    expect(parse(sesEvent({ mail: undefined }))).toMatchObject({ ok: false, reason: "malformed" });
    expect(parse(sesEvent({ bounce: undefined }))).toMatchObject({
      ok: false,
      reason: "malformed",
      eventType: "Bounce",
    });
    expect(parse(sesEvent({ bounce: { ...sesEvent().bounce, bounceType: "Soft" } }))).toMatchObject({
      ok: false,
      reason: "malformed",
    });
    expect(parse(sesEvent({ bounce: { ...sesEvent().bounce, bouncedRecipients: [] } }))).toMatchObject({
      ok: false,
      reason: "malformed",
    });
    expect(
      parse(sesEvent({ bounce: { ...sesEvent().bounce, bouncedRecipients: [{ emailAddress: "nobody" }] } })),
    ).toMatchObject({ ok: false, reason: "malformed" });
    expect(parse(sesEvent({ eventType: "Delivery" }))).toEqual({
      ok: false,
      reason: "other-event",
      eventType: "Delivery",
    });
    // A type that is not a word is not repeated (it would go to a log line).
    expect(parse(sesEvent({ eventType: "x@evil.example <script>" }))).toEqual({
      ok: false,
      reason: "other-event",
      eventType: undefined,
    });
  });

  it("keeps only what it can trust: a bad time becomes now, a strange subtype or mail id is dropped", () => {
    const odd = sesEvent({
      bounce: { ...sesEvent().bounce, timestamp: "yesterday", bounceSubType: "a b@c" },
      mail: { ...sesEvent().mail, tags: { mailId: ["../../CONFIG"] } },
    });
    const parsed = parse(odd);
    expect(parsed).toMatchObject({ ok: true, event: { at: AT } });
    if (!parsed.ok) throw new Error("unreachable");
    expect(parsed.event).not.toHaveProperty("subType");
    expect(parsed.event).not.toHaveProperty("mailId");
  });

  it("never throws, whatever the message", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
        (message) => {
          const parsed = parseSesEvent(message, "sns", AT);
          expect(typeof parsed.ok).toBe("boolean");
        },
      ),
    );
    // Nor on SES's own shape with any part replaced by anything.
    const keys = ["eventType", "notificationType", "bounce", "complaint", "mail"];
    fc.assert(
      fc.property(fc.constantFrom(...keys), fc.jsonValue(), (key, value) => {
        const parsed = parse({ ...sesEvent(), [key]: value });
        expect(typeof parsed.ok).toBe("boolean");
      }),
    );
  });
});

describe("an address on the mail-health list", () => {
  it("masks a petitioner's address to its first character and its domain", () => {
    expect(maskAddress("hoa.nguyen@gmail.com")).toBe("h***@gmail.com");
    expect(maskAddress("  Hoa.Nguyen@Gmail.COM ")).toBe("h***@gmail.com");
    expect(maskAddress("đào.thị@yahoo.com.vn")).toBe("đ***@yahoo.com.vn");
    expect(maskAddress("a@b.vn")).toBe("a***@b.vn");
    expect(maskAddress("no-at-sign")).toBe("***");
    expect(maskAddress("@example.org")).toBe("***");
  });

  it("never shows more of the local part than its first character", () => {
    const local = fc.stringMatching(/^[a-z0-9._+-]{2,30}$/);
    const domain = fc.stringMatching(/^[a-z0-9-]{1,20}\.[a-z]{2,6}$/);
    fc.assert(
      fc.property(local, domain, (l, d) => {
        const masked = maskAddress(`${l}@${d}`);
        expect(masked).toBe(`${l[0]}***@${d}`);
        expect(masked).not.toContain(`${l}@`);
      }),
    );
  });

  it("shows the configured addresses (staff, agencies with {area} for each commune) as they are, others masked", () => {
    const config = demoConfig();
    const configured = configuredAddresses(config, configHelpers(config));
    expect(configured.has("hlhpn.thuonglam@example.org")).toBe(true);
    expect(configured.has("nhcsxh.lambinh@example.org")).toBe(true);
    expect(configured.has("ubnd.thuong-lam@example.org")).toBe(true);
    expect(configured.has("ubnd.{area}@example.org")).toBe(false);
    expect(shownAddress("UBND.Thuong-Lam@example.org", configured)).toBe("ubnd.thuong-lam@example.org");
    expect(shownAddress("chutich.hlhpn.lambinh@example.org", configured)).toBe("chutich.hlhpn.lambinh@example.org");
    expect(shownAddress("hoa.nguyen@gmail.com", configured)).toBe("h***@gmail.com");
    // A look-alike of a configured address is someone else's: masked.
    expect(shownAddress("nhcsxh.lambinh@example.org.vn", configured)).toBe("n***@example.org.vn");
  });
});
