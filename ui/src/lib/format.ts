// German display formats (DIN 5008). Formatting only: numbers come computed from the core.

const NBSP = "\u00a0";

/** "2027-03-01" → "01.03.2027"; empty for null. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "";
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (m) return `${m[3]}.${m[2]}.${m[1]}`;
  const month = /^(\d{4})-(\d{2})$/.exec(iso);
  return month ? `${MONTHS[Number(month[2]) - 1] ?? month[2]} ${month[1]}` : iso;
}

const MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"];

/**
 * "10.2021", "Oktober 2021", "Okt. 2021" → "2021-10": an event date when the records name only
 * the month. Null when the text is no month.
 */
export function parseMonth(text: string): string | null {
  const t = text.trim();
  const numeric = /^(\d{1,2})[./](\d{4})$/.exec(t);
  let month: number;
  let year: string;
  if (numeric) {
    month = Number(numeric[1]);
    year = numeric[2];
  } else {
    const named = /^([A-Za-zäÄ]+)\.?\s+(\d{4})$/.exec(t);
    if (!named || named[1].length < 3) return null;
    const name = named[1].toLowerCase();
    month = MONTHS.findIndex((m) => m.toLowerCase().startsWith(name)) + 1;
    year = named[2];
  }
  return month >= 1 && month <= 12 ? `${year}-${String(month).padStart(2, "0")}` : null;
}

/** 12500 → "12.500". */
export function formatNumber(n: number | null | undefined, digits = 0): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "–";
  return n.toLocaleString("de-DE", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A measured value in German with at most two decimals, none when whole: 12,5 · 1.200. */
export function formatMeasured(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "–";
  return n.toLocaleString("de-DE", { minimumFractionDigits: 0, maximumFractionDigits: 2 });
}

/** Cents → "12.500 €" (non-breaking space), with cents only when there are any. */
export function formatEuro(cents: number | null | undefined): string {
  if (cents === null || cents === undefined) return "noch offen";
  const digits = cents % 100 === 0 ? 0 : 2;
  return `${formatNumber(cents / 100, digits)}${NBSP}€`;
}

/** An RFC 3339 time → "14:32" in local time. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
}

/** An RFC 3339 or local "YYYY-MM-DDTHH:MM:SS" time → "25.11.2026, 14:32" (local time). */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const date = `${String(d.getDate()).padStart(2, "0")}.${String(d.getMonth() + 1).padStart(2, "0")}.${d.getFullYear()}`;
  return `${date}, ${formatTime(iso)}`;
}

/** A stored field value for people: text as is, "Ja"/"Nein", numbers in German, "–" for empty. */
export function formatValue(v: unknown): string {
  if (v === null || v === undefined || v === "") return "–";
  if (typeof v === "boolean") return v ? "Ja" : "Nein";
  if (typeof v === "number") return formatNumber(v, Number.isInteger(v) ? 0 : 2);
  if (typeof v === "string") return /^\d{4}-\d{2}-\d{2}$/.test(v) ? formatDate(v) : v;
  if (Array.isArray(v)) return v.length ? v.map(formatValue).join(", ") : "–";
  return JSON.stringify(v);
}

/** "1 Konflikt", "3 Konflikte" (German thousands separator). */
export function count(n: number, one: string, many: string): string {
  return `${formatNumber(n)} ${n === 1 ? one : many}`;
}

/** A score 0–100 or "–" when nothing was answered. */
export function formatScore(score: number | null | undefined): string {
  return score === null || score === undefined ? "–" : formatNumber(score, 0);
}

/** „aus 7 Fragen“ for the IST and the SOLL index when they rest on different answers (a SOLL
 *  of two questions beside an IST of seven is no target); null when on the same. */
export function scoreBases(s: { ist_count: number; soll_count: number; paired_count: number }): { ist: string; soll: string } | null {
  // The same answers (each with both levels), not only as many: an IST of one question and a
  // SOLL of another are no pair.
  if (s.ist_count === s.paired_count && s.soll_count === s.paired_count) return null;
  return { ist: `aus ${count(s.ist_count, "Frage", "Fragen")}`, soll: `aus ${count(s.soll_count, "Frage", "Fragen")}` };
}

/** Today on this computer's calendar as "2026-11-30" (the report's date when its settings have none). */
export function todayIso(now = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
}

/** "1.3.2027" or "01.03.2027" → "2027-03-01"; null when it is not a real date. */
export function parseDate(text: string): string | null {
  const m = /^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$/.exec(text);
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** What a number field accepts: euros (to cents), whole numbers, or decimals (German comma). */
export type NumberKind = "euro" | "integer" | "decimal";

/** The result of reading a number field: a value (null = empty, i.e. unknown) or a German message. */
export type NumberInput = { ok: true; value: number | null } | { ok: false; message: string };

/** 10 Mrd. € in cents: the core's upper bound of any amount. */
export const MAX_AMOUNT_CENTS = 1_000_000_000_000;

/** Amounts as budgets write them: „15 T€“, „15 Tsd. €“ (thousands), „1,5 Mio. €“ (millions). */
const EURO_UNITS: [RegExp, number][] = [
  [/(t|tsd\.?|tausend)$/i, 1_000],
  [/(mio\.?|millionen?)$/i, 1_000_000],
];

/**
 * Reads German number input: "12.500" and "12500,50" (thousands dots, decimal comma), also
 * "12.5" where the dot can only be a decimal point; euros also as „15 T€“ or „1,5 Mio. €“.
 * Empty means unknown (null), never 0.
 */
export function parseNumberInput(text: string, kind: NumberKind, min = 0, max = Number.MAX_SAFE_INTEGER): NumberInput {
  let t = text.replace(/€|%/g, "").replace(/[\s\u00a0]/g, "");
  if (t === "") return { ok: true, value: null };
  let factor = 1;
  if (kind === "euro") {
    for (const [unit, f] of EURO_UNITS) {
      if (unit.test(t)) {
        t = t.replace(unit, "");
        factor = f;
        break;
      }
    }
  }
  let normal: string;
  if (/^-?\d{1,3}(\.\d{3})+(,\d+)?$/.test(t)) normal = t.replace(/\./g, "").replace(",", ".");
  else if (/^-?\d+(,\d+)?$/.test(t)) normal = t.replace(",", ".");
  else if (/^-?\d+\.\d{1,2}$/.test(t) && kind !== "integer") normal = t;
  else return { ok: false, message: `„${text.trim()}“ ist keine Zahl. Bitte z. B. „12.500“ oder „12,5“ eingeben.` };
  const v = Number(normal);
  if (!Number.isFinite(v)) return { ok: false, message: `„${text.trim()}“ ist keine Zahl.` };
  if (kind === "integer" && !Number.isInteger(v)) return { ok: false, message: `Bitte eine ganze Zahl eingeben (nicht „${text.trim()}“).` };
  const value = kind === "euro" ? Math.round(v * factor * 100) : v;
  const low = kind === "euro" ? min * 100 : min;
  const high = kind === "euro" ? Math.min(max * 100, MAX_AMOUNT_CENTS) : max;
  if (value < low || value > high) {
    const show = (n: number) => (kind === "euro" ? formatEuro(n) : formatNumber(n, Number.isInteger(n) ? 0 : 2));
    return { ok: false, message: `Bitte einen Wert zwischen ${show(low)} und ${show(high)} eingeben.` };
  }
  return { ok: true, value };
}

/** "12.500" or "12500,50" (euros, German) → cents; null when empty or not a number. */
export function parseEuro(text: string): number | null {
  const r = parseNumberInput(text, "euro");
  return r.ok ? r.value : null;
}

/** Cents → "12.500" or "12.500,50" for an input field (no currency sign); empty for unknown. */
export function euroInput(cents: number | null | undefined): string {
  if (cents === null || cents === undefined) return "";
  return formatNumber(cents / 100, cents % 100 === 0 ? 0 : 2);
}

/** An SVG string from the core as an <img> source (no script can run inside). */
export function svgSource(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

/** Days from one ISO date to another ("2027-03-01" → "2027-03-15": 14), counted in UTC so no
 * change of summer time shifts them. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** A span of days as said: "2 Wochen", "1 Woche", "10 Tage", "1 Tag" (sign dropped). */
export function spanLabel(days: number): string {
  const n = Math.abs(days);
  if (n % 7 === 0) return n === 7 ? "1 Woche" : `${n / 7} Wochen`;
  return n === 1 ? "1 Tag" : `${n} Tage`;
}
