import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LINK_TOKEN_PATTERN, newId } from "../../shared/platform/ids.ts";
import { forgetSecret, keyedHash, secretReady } from "../../shared/platform/secret.ts";
import { issueToken, linkRef, resolveLinkRefs, tokenOf } from "../../shared/platform/tokens.ts";

/** Link tokens derived with the key held outside the table; keyed hashes for phone, e-mail and tracking keys. */

const dir = mkdtempSync(join(tmpdir(), "tn-secret-"));
const useKey = async (name: string, value = randomBytes(32).toString("hex")) => {
  const file = join(dir, name);
  writeFileSync(file, value);
  process.env.SECRET_FILE = file;
  forgetSecret();
  await secretReady();
};
const before = { secret: process.env.SECRET_FILE, table: process.env.TABLE_NAME };

beforeAll(() => {
  process.env.TABLE_NAME ??= "unit";
  return useKey("a");
});
afterAll(() => {
  for (const [name, value] of [
    ["SECRET_FILE", before.secret],
    ["TABLE_NAME", before.table],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  forgetSecret();
});

describe("link tokens", () => {
  it("are 160 bits, URL-safe, one per id, and never repeat", () => {
    const ids = Array.from({ length: 2000 }, newId);
    const tokens = new Set(ids.map(tokenOf));
    expect(tokens.size).toBe(2000);
    for (const t of tokens) expect(t).toMatch(LINK_TOKEN_PATTERN);
    expect(tokenOf(ids[0] as string)).toBe(tokenOf(ids[0] as string));
  });

  it("cannot be made without the key: another key gives other tokens and other keyed hashes", async () => {
    const id = newId();
    const first = { token: tokenOf(id), phone: keyedHash("phone", "0912345678") };
    await useKey("b");
    expect(tokenOf(id)).not.toBe(first.token);
    expect(keyedHash("phone", "0912345678")).not.toBe(first.phone);
    expect(first.phone).not.toBe(createHash("sha256").update("0912345678").digest("hex"));
    await useKey("a");
  });

  it("are stored as a hash only, and the mail body holds a reference that is not the token", () => {
    const issued = issueToken("test", { a: "b" }, new Date(Date.now() + 86_400_000));
    const stored = JSON.stringify(issued.item);
    expect(stored).not.toContain(issued.token);
    expect(stored).toContain(createHash("sha256").update(issued.token).digest("hex"));
    expect(issued.ref).toBe(linkRef(issued.id));
    expect(issued.ref).not.toContain(issued.token);
  });

  it("resolve in a body only for the ids the mail was written with, whatever else the body says", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...Array.from({ length: 6 }, newId)), { maxLength: 8 }),
        fc.string(),
        (ids, typed) => {
          const listed = ids.slice(0, Math.ceil(ids.length / 2));
          const body = `${typed} ${ids.map((id) => `https://x/a/${linkRef(id)}`).join(" ")} ${typed}`;
          const out = resolveLinkRefs(body, listed);
          for (const id of ids) {
            if (listed.includes(id)) {
              expect(out).toContain(`/a/${tokenOf(id)}`);
              expect(out).not.toContain(linkRef(id));
            } else {
              expect(out).toContain(linkRef(id));
              expect(out).not.toContain(tokenOf(id));
            }
          }
        },
      ),
    );
  });
});
