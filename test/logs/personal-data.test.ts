import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LOG_DIR } from "../support/capture-logs.ts";
import { fixture } from "../support/fixtures.ts";

/**
 * Runs after every other test (its own project, a later group): reads everything the system logged during the
 * whole run — every test worker and every process the tests started — and looks for personal data.
 */
interface Person {
  fullName?: string;
  name?: string;
  phone?: string;
  email?: string;
}

function fixturePeople(): Person[] {
  const samples = fixture<{ valid: { petitioner: Person }[]; edgeCases: { petitioner: Person }[] }>(
    "petitions-sample.json",
  );
  const demo = fixture<{ womensUnion: { units: { staff: Person[] }[] }; agencies: { email: string }[] }>(
    "lam-binh-demo.json",
  );
  return [
    ...samples.valid.map((v) => v.petitioner),
    ...samples.edgeCases.map((v) => v.petitioner),
    ...demo.womensUnion.units.flatMap((u) => u.staff),
    ...demo.agencies.map((a) => ({ email: a.email })),
  ];
}

/** A phone number as it may be written: as typed, digits only, national, E.164. */
function phoneForms(phone: string): string[] {
  const digits = phone.replace(/\D/g, "");
  const national = digits.startsWith("84") ? `0${digits.slice(2)}` : digits;
  return [phone, digits, national, `+84${national.slice(1)}`].filter((p) => p.length >= 9);
}

describe("everything logged during the test run", () => {
  const files = existsSync(LOG_DIR) ? readdirSync(LOG_DIR).filter((f) => f.endsWith(".jsonl")) : [];
  const lines = files.flatMap((f) => readFileSync(join(LOG_DIR, f), "utf8").split("\n").filter(Boolean));
  const text = lines.join("\n");

  it("was captured: many processes, many lines, each a JSON object", () => {
    expect(files.length).toBeGreaterThan(5);
    expect(lines.length).toBeGreaterThan(1000);
    for (const line of lines) expect(() => JSON.parse(line), line.slice(0, 200)).not.toThrow();
    expect(text).toContain("petition submitted");
    expect(text).toContain("registration created");
    expect(text).toContain("mail sent");
  });

  it("holds no phone number, e-mail address or full name of any fixture", () => {
    const people = fixturePeople();
    expect(people.length).toBeGreaterThan(30);
    for (const person of people) {
      for (const phone of person.phone ? phoneForms(person.phone) : [])
        expect(text, `phone ${phone}`).not.toContain(phone);
      if (person.email) expect(text, `e-mail ${person.email}`).not.toContain(person.email.replace("{area}", ""));
      const name = (person.fullName ?? person.name)?.normalize("NFC").split(/[\r\n]/)[0];
      if (name) expect(text, `name ${name}`).not.toContain(name);
    }
  });

  it("holds nothing shaped like a phone number, an e-mail address, a link token or a tracking code", () => {
    const phones = text.match(/(?:\+84|\b0)[35789]\d{8}\b/g) ?? [];
    const emails = text.match(/[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/gi) ?? [];
    const tokens = text.match(/\b[a-z2-7]{32}\b/g) ?? [];
    // A tracking code opens the public status page and travels on paper: logs name a petition by a keyed hash.
    const codes = text.match(/\b[34679ACDEFGHJKMNPQRTUVWXY]{5}-?[34679ACDEFGHJKMNPQRTUVWXY]{5}\b/g) ?? [];
    expect({ phones, emails, tokens, codes }).toEqual({ phones: [], emails: [], tokens: [], codes: [] });
  });

  it("names petitions, where it names them, by a reference that is not their code", () => {
    const refs = lines.map((l) => JSON.parse(l) as { message?: string; petition?: string }).filter((l) => l.petition);
    expect(refs.length).toBeGreaterThan(50);
    for (const line of refs) expect(line.petition).toMatch(/^[0-9a-f]{16}$/);
  });
});
