import { describe, expect, it } from "vitest";
import { count, daysBetween, spanLabel, formatDate, formatDateTime, formatEuro, formatNumber, formatScore, formatValue, parseDate, parseMonth, todayIso } from "./format";

describe("German formats", () => {
  it("writes dates as TT.MM.JJJJ", () => {
    expect(formatDate("2027-03-01")).toBe("01.03.2027");
    expect(formatDate(null)).toBe("");
  });

  it("names today on the local calendar, not in UTC", () => {
    expect(todayIso(new Date(2026, 10, 30, 23, 59))).toBe("2026-11-30");
    expect(todayIso(new Date(2027, 0, 1, 0, 1))).toBe("2027-01-01");
  });

  it("reads German dates and refuses impossible ones", () => {
    expect(parseDate("1.3.2027")).toBe("2027-03-01");
    expect(parseDate("31.02.2027")).toBeNull();
    expect(parseDate("2027-03-01")).toBeNull();
  });

  it("groups thousands with a dot and puts a non-breaking space before €", () => {
    expect(formatNumber(12180)).toBe("12.180");
    expect(formatEuro(1_250_000)).toBe("12.500\u00a0€");
    expect(formatEuro(1_250_050)).toBe("12.500,50\u00a0€");
    expect(formatScore(null)).toBe("–");
    expect(formatScore(27.5)).toBe("28");
  });
  it("formats merged field values and backup times", () => {
    expect(formatValue(null)).toBe("–");
    expect(formatValue(true)).toBe("Ja");
    expect(formatValue(12500)).toBe("12.500");
    expect(formatValue("2027-03-01")).toBe("01.03.2027");
    expect(formatValue(["D", "E"])).toBe("D, E");
    expect(formatDateTime("2026-11-25T14:32:05")).toBe("25.11.2026, 14:32");
    expect(count(1, "Konflikt", "Konflikte")).toBe("1 Konflikt");
    expect(count(1500, "Konflikt", "Konflikte")).toBe("1.500 Konflikte");
  });
});

describe("event months", () => {
  it("reads a month alone and prints it as a word", () => {
    expect(parseMonth("10.2021")).toBe("2021-10");
    expect(parseMonth("3/2027")).toBe("2027-03");
    expect(parseMonth("Oktober 2021")).toBe("2021-10");
    expect(parseMonth("okt. 2021")).toBe("2021-10");
    expect(parseMonth("März 2022")).toBe("2022-03");
    expect(parseMonth("13.2021")).toBeNull();
    expect(parseMonth("Ma 2021")).toBeNull();
    expect(parseMonth("13.10.2021")).toBeNull();
    expect(formatDate("2021-10")).toBe("Oktober 2021");
    expect(formatDate("2021-10-13")).toBe("13.10.2021");
  });
});

describe("spans between dates", () => {
  it("counts days across summer time and says weeks when they are whole", () => {
    expect(daysBetween("2027-03-01", "2027-03-15")).toBe(14);
    expect(daysBetween("2027-03-20", "2027-04-03")).toBe(14);
    expect(daysBetween("2027-04-03", "2027-03-31")).toBe(-3);
    expect(daysBetween("2027-02-28", "2028-02-29")).toBe(366);
    expect(spanLabel(14)).toBe("2 Wochen");
    expect(spanLabel(-7)).toBe("1 Woche");
    expect(spanLabel(-3)).toBe("3 Tage");
    expect(spanLabel(1)).toBe("1 Tag");
  });
});
