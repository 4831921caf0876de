import { render, screen } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { overviewFixture } from "../lib/fixtures";
import OverviewView from "./OverviewView.svelte";

const torture = "<script>alert('x')</script> „Größe“ 🚀 مرحبا";

describe("OverviewView", () => {
  it("shows profile, scores and progress from the core as text", () => {
    const { container } = render(OverviewView, { props: { overview: overviewFixture(torture) } });
    expect(screen.getByTestId("population").textContent).toBe("12.180");
    expect(screen.getByText("01.03.2027")).toBeTruthy();
    expect(screen.getByText("28")).toBeTruthy();
    expect(screen.getByText("3/15")).toBeTruthy();
    expect(screen.getByText("100 %")).toBeTruthy();
    expect(screen.getByText("Keine anstehenden Termine.")).toBeTruthy();
    // User text is shown literally, never as markup.
    expect(container.querySelector("script")).toBeNull();
    expect(screen.getByText(torture)).toBeTruthy();
  });
});

describe("Nächste Schritte", () => {
  it("lists the core's steps and opens the place of one", async () => {
    const { fireEvent } = await import("@testing-library/svelte");
    const { project } = await import("../lib/project.svelte");
    const overview = {
      ...overviewFixture(),
      next_steps: [
        { baustein: 1, text: "Erstes Projektziel mit Indikator und Zielwert festhalten", place: "goals" },
        { baustein: 4, text: "Steckbriefe vervollständigen (0 von 2 vollständig)", place: "steckbriefe" },
      ],
    };
    render(OverviewView, { props: { overview } });
    expect(screen.getByTestId("next-steps").textContent).toContain("Erstes Projektziel");
    await fireEvent.click(screen.getByText(/Steckbriefe vervollständigen/));
    expect(project.target).toEqual({ baustein: 4, tab: "massnahmen", focus: "tr[data-incomplete]" });
  });

  it("is not shown when nothing is left", () => {
    const { container } = render(OverviewView, { props: { overview: overviewFixture() } });
    expect(container.querySelector("[data-testid=next-steps]")).toBeNull();
  });
});
