import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { configHelpers } from "../../shared/config/config.ts";
import { parseConfig } from "../../shared/config/parse.ts";
import { isoToVietnamLocal, vietnamLocalToIso } from "../../shared/platform/dates.ts";
import { ValidationError } from "../../shared/platform/errors.ts";
import { displaySpokenCode, parseSpokenCode, SPOKEN_ALPHABET, spokenCode } from "../../shared/platform/ids.ts";
import { parseOrThrow } from "../../shared/platform/validation.ts";
import { applyFilter, filterSchema, foldForSearch, selected } from "../../shared/registration/bulk.ts";
import type { Registration } from "../../shared/registration/model.ts";
import { attendanceCounts, countsCsv, formatCounts } from "../../shared/registration/roster.ts";
import { fixture } from "../support/fixtures.ts";

describe("the registration code's check symbol", () => {
  const codes = Array.from({ length: 300 }, spokenCode);

  it("is valid as issued, and read back whatever spaces, dashes and case she adds", () => {
    for (const code of codes) {
      expect(code).toMatch(/^[34679ACDEFGHJKMNPQRTUVWXY]{8}$/);
      expect(parseSpokenCode(code)).toBe(code);
      expect(parseSpokenCode(` ${displaySpokenCode(code).toLowerCase().split("").join(" ")} `)).toBe(code);
    }
  });

  it("turns every single wrong symbol into no code at all (never another valid code)", () => {
    for (const code of codes.slice(0, 60)) {
      for (let i = 0; i < code.length; i++) {
        for (const other of SPOKEN_ALPHABET) {
          if (other === code[i]) continue;
          expect(parseSpokenCode(`${code.slice(0, i)}${other}${code.slice(i + 1)}`)).toBeUndefined();
        }
      }
    }
  });

  it("turns two neighbours swapped into no code at all", () => {
    for (const code of codes) {
      for (let i = 0; i + 1 < code.length; i++) {
        if (code[i] === code[i + 1]) continue;
        const swapped = `${code.slice(0, i)}${code[i + 1]}${code[i]}${code.slice(i + 2)}`;
        expect(parseSpokenCode(swapped)).toBeUndefined();
      }
    }
  });

  it("refuses wrong lengths and look-alike symbols", () => {
    expect(parseSpokenCode("")).toBeUndefined();
    expect(parseSpokenCode("ACD479K")).toBeUndefined();
    expect(parseSpokenCode("0O1IL2Z5")).toBeUndefined();
  });
});

describe("Vietnam time in forms", () => {
  it("reads a datetime-local value as UTC+7, and an inclusive end covers its minute or second", () => {
    expect(vietnamLocalToIso("2027-03-08T10:05")).toBe("2027-03-08T03:05:00.000Z");
    expect(vietnamLocalToIso("2027-03-08T10:05", true)).toBe("2027-03-08T03:05:59.999Z");
    expect(vietnamLocalToIso("2027-03-08T10:05:07", true)).toBe("2027-03-08T03:05:07.999Z");
    expect(vietnamLocalToIso("2027-03-08T00:30")).toBe("2027-03-07T17:30:00.000Z");
  });

  it("round-trips any instant to the second", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date("2020-01-01"), max: new Date("2040-01-01"), noInvalidDate: true }), (d) => {
        const second = new Date(Math.floor(d.getTime() / 1000) * 1000).toISOString();
        expect(vietnamLocalToIso(isoToVietnamLocal(second))).toBe(second);
      }),
    );
  });
});

const helpers = configHelpers(parseConfig(fixture("lam-binh-demo.json")));
let seq = 0;
function person(over: Partial<Registration>): Registration {
  seq++;
  return {
    eventId: "e",
    registrationId: `r${String(seq).padStart(15, "a")}`,
    code: spokenCode(),
    status: "confirmed",
    fullName: "Ma Thị Hoa",
    phone: "+84912345678",
    gender: "female",
    role: "Hội viên phụ nữ",
    commune: "thuong-lam",
    consentAt: "2027-03-01T00:00:00.000Z",
    consentVersion: "v",
    lang: "vi",
    createdAt: "2027-03-01T03:00:00.000Z",
    updatedAt: "2027-03-01T03:00:00.000Z",
    ...over,
  };
}

describe("attendance counts", () => {
  const people = [
    person({ checkedInAt: "x", ethnicity: { code: "02", name: "Tày" } }),
    person({ role: "Trưởng thôn", gender: "male" }),
    person({ walkIn: true, checkedInAt: "x", commune: "khuon-ha", ethnicity: { code: "12", name: "Dao" } }),
    person({ status: "waitlisted", waitTicket: 1 }),
    person({ status: "cancelled" }),
    person({ status: "confirmed", overCapacity: true, checkedInAt: "x" }),
  ];

  it("counts registered, checked in, walk-ins, no-shows and waiting, in total and by each dimension", () => {
    const counts = attendanceCounts(people, helpers);
    expect(counts.total).toEqual({ registered: 3, checkedIn: 2, walkIns: 1, noShows: 1, waitlisted: 1 });
    expect(counts.cancelled).toBe(1);
    for (const rows of Object.values(counts.by)) {
      const sum = rows.reduce(
        (s, [, a]) => ({
          registered: s.registered + a.registered,
          checkedIn: s.checkedIn + a.checkedIn,
          walkIns: s.walkIns + a.walkIns,
          noShows: s.noShows + a.noShows,
          waitlisted: s.waitlisted + a.waitlisted,
        }),
        { registered: 0, checkedIn: 0, walkIns: 0, noShows: 0, waitlisted: 0 },
      );
      expect(sum).toEqual(counts.total);
    }
    expect(Object.fromEntries(counts.by.ethnicity)).toMatchObject({
      Tày: { registered: 1, checkedIn: 1 },
      Dao: { walkIns: 1 },
      "(không khai báo)": { registered: 2, noShows: 1, waitlisted: 1 },
    });
    expect(Object.fromEntries(counts.by.commune)["Xã Khuôn Hà"]).toMatchObject({ walkIns: 1 });
    expect(Object.fromEntries(counts.by.gender).Nam).toMatchObject({ registered: 1, noShows: 1 });
  });

  it("prints them for the terminal and as a CSV Excel opens", () => {
    const counts = attendanceCounts(people, helpers);
    expect(formatCounts(counts)).toMatch(/Tổng số đăng ký: 5 \(đã hủy: 1\)/);
    const csv = countsCsv(counts);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain('Nhóm,Giá trị,Đăng ký trước,Đã điểm danh,Đăng ký tại chỗ,"Vắng, chưa đến",Danh sách chờ');
    expect(csv).toContain("Tổng,,3,2,1,1,1");
    expect(csv).toContain("Theo dân tộc (chỉ người đồng ý khai báo),Dao,0,0,1,0,0");
  });
});

describe("the roster's search and a bulk cancel's selection", () => {
  const hòa = person({ fullName: "Lò Thị Hòa", phone: "+84356777123", createdAt: "2027-03-01T03:05:10.500Z" });
  const đinh = person({ fullName: "Đinh Thị Mai", createdAt: "2027-03-01T03:06:00.000Z" });
  const inHall = person({ fullName: "Bot checked", checkedInAt: "x", createdAt: "2027-03-01T03:05:11.000Z" });
  const walkIn = person({ fullName: "Bot walk-in", walkIn: true, createdAt: "2027-03-01T03:05:12.000Z" });
  const all = [hòa, đinh, inHall, walkIn];

  it("finds names without marks or case, and phones by their digits", () => {
    expect(foldForSearch("Đinh Thị Hòa")).toBe("dinh thi hoa");
    expect(applyFilter(all, { q: "hoa" })).toEqual([hòa]);
    expect(applyFilter(all, { q: "DINH" })).toEqual([đinh]);
    expect(applyFilter(all, { q: "777 123" })).toEqual([hòa]);
  });

  it("takes a window in Vietnam time, inclusive of its last second", () => {
    expect(applyFilter(all, { from: "2027-03-01T10:05:10", to: "2027-03-01T10:05:10" })).toEqual([hòa]);
    expect(applyFilter(all, { from: "2027-03-01T10:05", to: "2027-03-01T10:05" })).toEqual([hòa, inHall, walkIn]);
  });

  it("never cancels anyone already in the hall or registered at the door", () => {
    const window = { from: "2027-03-01T10:05", to: "2027-03-01T10:05", notify: false };
    expect(selected(all, window)).toEqual([hòa]);
    expect(selected(all, { ...window, sel: { [inHall.registrationId]: "on", [đinh.registrationId]: "on" } })).toEqual([
      đinh,
    ]);
  });
});

describe("a roster filter's time window", () => {
  it("refuses any text that is not a real local moment, with a message, never an exception", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 25 }), (typed) => {
        const real =
          /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(typed) &&
          isoToVietnamLocal(vietnamLocalToIso(typed)).startsWith(typed);
        if (typed.trim() === "" || real) expect(() => parseOrThrow(filterSchema, { to: typed })).not.toThrow();
        else expect(() => parseOrThrow(filterSchema, { to: typed })).toThrow(ValidationError);
      }),
    );
    for (const typed of ["0", "2027", "2027-02-30T10:00", "2027-03-08T24:00"]) {
      expect(() => parseOrThrow(filterSchema, { from: typed })).toThrow(ValidationError);
    }
  });
});
