import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import { setTransport, type Command, type Reply } from "../lib/api";
import type { Section } from "../lib/bindings/Section";
import type { StrategyView } from "../lib/bindings/StrategyView";
import StrategyBaustein from "./StrategyBaustein.svelte";

const section = (key: string, title: string, order: number): Section => ({ id: `id-${key}`, key, title, body: "", included: true, approved: false, order });

/** The Baustein view of these sections, with empty settings. */
const viewOf = (sections: Section[]) =>
  ({
    sections,
    // As the core numbers: Vorwort and Anhang print without a number.
    numbers: sections.reduce<(number | null)[]>((out, s) => {
      const n = out.filter((x) => x != null).length;
      return [...out, ["Vorwort", "Anhang"].includes(s.title) ? null : n + 1];
    }, []),
    previews: sections.map((s) => s.body),
    placeholders: [],
    settings: { id: "r", title: "", subtitle: "", version_label: "", date: null, author: "", watermark: false },
    drafts: [],
    logo_preview: null,
  }) as unknown as StrategyView;

/** A core holding three sections that takes a new order. */
function fakeCore() {
  let sections = [section("a", "Vorwort", 0), section("b", "Ausgangslage", 1), section("c", "Anhang", 2)];
  const sent: Command[] = [];
  setTransport(async (c): Promise<Reply> => {
    sent.push(c);
    if (typeof c === "object" && "strategy" in c && typeof c.strategy === "object" && "reorder_sections" in c.strategy) {
      const ids = c.strategy.reorder_sections.ids;
      sections = ids.map((id, i) => ({ ...sections.find((s) => s.id === id)!, order: i }));
    }
    return { kind: "strategy", data: viewOf(sections) };
  });
  return sent;
}

const outline = () => [...document.querySelectorAll("[data-outline]")].map((b) => b.textContent?.replace(/\s+/g, " ").trim());

afterEach(cleanup);

describe("chapter outline", () => {
  it("moves a chapter with Alt+↓ and keeps the focus on it", async () => {
    const sent = fakeCore();
    render(StrategyBaustein);
    const first = await screen.findByTestId("outline-a");
    first.focus();
    await fireEvent.keyDown(first, { key: "ArrowDown", altKey: true });
    await waitFor(() => expect(outline()).toEqual(["⠿ 1 Ausgangslage", "⠿ Vorwort", "⠿ Anhang"]));
    expect(sent).toContainEqual({ strategy: { reorder_sections: { ids: ["id-b", "id-a", "id-c"] } } });
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("outline-a")));
  });

  it("drops a dragged chapter where it is let go", async () => {
    const sent = fakeCore();
    render(StrategyBaustein);
    const last = await screen.findByTestId("outline-c");
    await fireEvent.dragStart(last);
    const target = screen.getByTestId("outline-a").closest("li")!;
    await fireEvent.dragOver(target);
    await fireEvent.drop(target);
    await waitFor(() => expect(outline()).toEqual(["⠿ Anhang", "⠿ Vorwort", "⠿ 1 Ausgangslage"]));
    expect(sent).toContainEqual({ strategy: { reorder_sections: { ids: ["id-c", "id-a", "id-b"] } } });
  });
});

/** A core that lays out a page per chapter text: the preview page says what was sent. */
function previewCore(fail?: string) {
  const sections = [section("a", "Vorwort", 0), section("b", "Einleitung", 1)];
  const previews: { section?: string; body?: string }[] = [];
  setTransport(async (c): Promise<Reply> => {
    if (typeof c === "object" && "strategy" in c && typeof c.strategy === "object" && "preview" in c.strategy) {
      const p = c.strategy.preview;
      previews.push({ section: p.section, body: p.body });
      if (fail) throw { code: "invalid", message: fail };
      const text = `Einleitung\n${p.body ?? "gespeicherter Text"}`;
      return { kind: "preview", data: { page_count: 12, chapters: [{ heading: "1 Einleitung", page: 5 }], warnings: [], pages: [{ number: 5, svg: "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 10 10'/>", text }] } };
    }
    return { kind: "strategy", data: viewOf(sections) };
  });
  return previews;
}

describe("page preview", () => {
  it("shows the chapter's page with the text as typed, after a pause, without saving", async () => {
    const previews = previewCore();
    render(StrategyBaustein);
    const body = await screen.findByTestId("body-b");
    await fireEvent.focus(body);
    await waitFor(() => expect(previews.at(-1)).toEqual({ section: "id-b", body: undefined }));
    const asked = previews.length;
    for (const typed of ["D", "Di", "Die <b>neue</b> { PAGE } Zeile"]) await fireEvent.input(body, { target: { value: typed } });
    await waitFor(() => expect(screen.getByTestId("preview-page-5").textContent).toContain("Die <b>neue</b> { PAGE } Zeile"));
    // One layout for the three keystrokes, with the last text.
    expect(previews.slice(asked)).toEqual([{ section: "id-b", body: "Die <b>neue</b> { PAGE } Zeile" }]);
    expect(screen.getByTestId("preview-pages").textContent).toBe("Seite 5 von 12");
    expect(screen.getByRole("img", { name: "Seite 5 von 12" })).toBeTruthy();
  });

  it("turns pages and follows the chapter again when another one is edited", async () => {
    const asked: (number | undefined)[] = [];
    const sections = [section("a", "Vorwort", 0), section("b", "Einleitung", 1)];
    setTransport(async (c): Promise<Reply> => {
      if (typeof c === "object" && "strategy" in c && typeof c.strategy === "object" && "preview" in c.strategy) {
        const { page, section: id } = c.strategy.preview;
        asked.push(page);
        const first = page ?? (id === "id-b" ? 5 : 3);
        const pages = [first, first + 1].map((number) => ({ number, svg: "<svg xmlns='http://www.w3.org/2000/svg'/>", text: `Seite ${number}` }));
        return { kind: "preview", data: { page_count: 12, chapters: [], warnings: [], pages } };
      }
      return { kind: "strategy", data: viewOf(sections) };
    });
    render(StrategyBaustein);
    await fireEvent.focus(await screen.findByTestId("body-b"));
    await waitFor(() => expect(screen.getByTestId("preview-pages").textContent).toBe("Seite 5–6 von 12"));
    await fireEvent.click(screen.getByRole("button", { name: "Nächste Seiten" }));
    await waitFor(() => expect(screen.getByTestId("preview-pages").textContent).toBe("Seite 7–8 von 12"));
    expect(asked.at(-1)).toBe(7);
    await fireEvent.focus(screen.getByTestId("body-a"));
    await waitFor(() => expect(screen.getByTestId("preview-pages").textContent).toBe("Seite 3–4 von 12"));
    expect(asked.at(-1)).toBeUndefined();
  });

  it("shows a template error with file and line instead of pages", async () => {
    previewCore("Die Berichtsvorlage lässt sich nicht übersetzen:\nreport.typ, Zeile 3: unknown field");
    render(StrategyBaustein);
    await waitFor(() => expect(screen.getByTestId("preview-error").textContent).toContain("report.typ, Zeile 3"));
    expect(screen.queryByTestId("preview-page-5")).toBeNull();
  });
});

describe("report settings", () => {
  it("says what an empty date means: the report is dated the day it is made", async () => {
    fakeCore();
    render(StrategyBaustein);
    const date = (await screen.findByLabelText("Datum")) as HTMLInputElement;
    expect(date.value).toBe("");
    expect(date.placeholder).toBe("leer: Tag der Erstellung");
  });
});
