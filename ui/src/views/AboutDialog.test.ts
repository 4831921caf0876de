import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import { COMPONENTS, VERSION } from "../lib/bindings/about";
import AboutDialog from "./AboutDialog.svelte";

afterEach(cleanup);

const rows = () => [...screen.getByTestId("about-components").querySelectorAll("tbody tr")].map((r) => r.textContent ?? "");

describe("about dialog", () => {
  it("shows the version and every component with its licence, filterable", async () => {
    render(AboutDialog, { onclose: () => undefined });
    expect(screen.getByTestId("about").textContent).toContain(`Zukunftskommune ${VERSION}`);
    expect(COMPONENTS.length).toBeGreaterThan(100);
    expect(rows()).toHaveLength(COMPONENTS.length);
    await fireEvent.input(screen.getByTestId("about-filter"), { target: { value: "typst-pdf" } });
    expect(rows().length).toBeGreaterThan(0);
    expect(rows().every((r) => r.includes("typst-pdf"))).toBe(true);
    await fireEvent.input(screen.getByTestId("about-filter"), { target: { value: "OFL" } });
    expect(rows().some((r) => r.includes("@fontsource/source-sans-3"))).toBe(true);
  });
});
