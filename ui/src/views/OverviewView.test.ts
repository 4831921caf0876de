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
