import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import NumberField from "./NumberField.svelte";
import { parseNumberInput } from "../lib/format";
import { project } from "../lib/project.svelte";

describe("parseNumberInput", () => {
  it("reads German numbers and keeps empty as unknown", () => {
    expect(parseNumberInput("12.500", "euro")).toEqual({ ok: true, value: 1_250_000 });
    expect(parseNumberInput("12.500,50 €", "euro")).toEqual({ ok: true, value: 1_250_050 });
    expect(parseNumberInput("12,5", "decimal")).toEqual({ ok: true, value: 12.5 });
    expect(parseNumberInput("12.5", "decimal")).toEqual({ ok: true, value: 12.5 });
    expect(parseNumberInput("", "euro")).toEqual({ ok: true, value: null });
    expect(parseNumberInput("8.300", "integer")).toEqual({ ok: true, value: 8300 });
  });
  it("refuses what is not a number, or out of range, in German", () => {
    const abc = parseNumberInput("abc", "euro");
    expect(abc.ok).toBe(false);
    expect(!abc.ok && abc.message).toContain("keine Zahl");
    const frac = parseNumberInput("12,5", "integer");
    expect(!frac.ok && frac.message).toContain("ganze Zahl");
    const over = parseNumberInput("300", "integer", 0, 100);
    expect(!over.ok && over.message).toContain("zwischen 0 und 100");
    expect(parseNumberInput("20.000.000.000", "euro").ok).toBe(false);
    expect(parseNumberInput("-5", "euro").ok).toBe(false);
  });
});

describe("NumberField", () => {
  it("saves cents for German euro input and null for an emptied field", async () => {
    const onsave = vi.fn();
    render(NumberField, { props: { label: "Kosten", kind: "euro", value: 100_000, onsave } });
    const input = screen.getByLabelText("Kosten") as HTMLInputElement;
    expect(input.value).toBe("1.000");
    await fireEvent.input(input, { target: { value: "12,5" } });
    await fireEvent.change(input);
    expect(onsave).toHaveBeenLastCalledWith(1250);
    await fireEvent.input(input, { target: { value: "" } });
    await fireEvent.change(input);
    expect(onsave).toHaveBeenLastCalledWith(null);
  });

  it("refuses „abc“ and „300“ % at the field, keeps the typed text for correction, and Esc restores", async () => {
    const onsave = vi.fn();
    render(NumberField, { props: { label: "Förderquote (%)", max: 100, value: 50, onsave } });
    const input = screen.getByLabelText("Förderquote (%)") as HTMLInputElement;
    await fireEvent.input(input, { target: { value: "abc" } });
    await fireEvent.change(input);
    expect(onsave).not.toHaveBeenCalled();
    expect(screen.getByRole("alert").textContent).toContain("„abc“ ist keine Zahl");
    expect(input.value).toBe("abc");
    expect(input.getAttribute("aria-invalid")).toBe("true");
    expect(project.invalid).toBe(1);
    await fireEvent.input(input, { target: { value: "300" } });
    await fireEvent.change(input);
    expect(onsave).not.toHaveBeenCalled();
    expect(screen.getByRole("alert").textContent).toContain("zwischen 0 und 100");
    expect(input.value).toBe("300");
    await fireEvent.keyDown(input, { key: "Escape" });
    expect(input.value).toBe("50");
    expect(screen.queryByRole("alert")).toBeNull();
    expect(project.invalid).toBe(0);
  });

  it("shows the core's refusal at the field, not at the top, and keeps the typed amount", async () => {
    project.error = "";
    // A save the core refuses: `run` sets the error and counts the refusal.
    const onsave = vi.fn(async () => {
      project.error = "Die Förderquote muss zwischen 0 und 100 liegen.";
      project.refusals += 1;
      return null;
    });
    render(NumberField, { props: { label: "Kosten einmalig", kind: "euro", value: null, onsave } });
    const input = screen.getByLabelText("Kosten einmalig") as HTMLInputElement;
    await fireEvent.input(input, { target: { value: "15 T€" } });
    await fireEvent.change(input);
    expect(onsave).toHaveBeenCalledWith(1_500_000);
    expect((await screen.findByRole("alert")).textContent).toContain("zwischen 0 und 100");
    expect(project.error).toBe("");
    expect(input.value).toBe("15 T€");
    expect(project.invalid).toBe(1);
  });
});

describe("amounts as budgets write them", () => {
  it.each([
    ["15 T€", 1_500_000],
    ["15 Tsd. €", 1_500_000],
    ["15.000", 1_500_000],
    ["15.000,50 €", 1_500_050],
    ["1,5 Mio. €", 150_000_000],
    ["2,25 T€", 225_000],
  ])("„%s“ is %i cents", (text, cents) => {
    expect(parseNumberInput(text, "euro")).toEqual({ ok: true, value: cents });
  });
  it("refuses units where they make no sense", () => {
    expect(parseNumberInput("15 T", "integer").ok).toBe(false);
    expect(parseNumberInput("15 TT€", "euro").ok).toBe(false);
  });
});
