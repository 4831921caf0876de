import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import NumberField from "./NumberField.svelte";
import { parseNumberInput } from "../lib/format";

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

  it("refuses „abc“ and „300“ % with a German message and keeps the saved value", async () => {
    const onsave = vi.fn();
    render(NumberField, { props: { label: "Förderquote (%)", max: 100, value: 50, onsave } });
    const input = screen.getByLabelText("Förderquote (%)") as HTMLInputElement;
    await fireEvent.input(input, { target: { value: "abc" } });
    await fireEvent.change(input);
    expect(onsave).not.toHaveBeenCalled();
    expect(screen.getByRole("alert").textContent).toContain("„abc“ ist keine Zahl");
    expect(input.value).toBe("50");
    await fireEvent.input(input, { target: { value: "300" } });
    await fireEvent.change(input);
    expect(onsave).not.toHaveBeenCalled();
    expect(screen.getByRole("alert").textContent).toContain("zwischen 0 und 100");
    expect(input.value).toBe("50");
  });
});
