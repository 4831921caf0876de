import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { setTransport } from "../lib/api";
import { project, run } from "../lib/project.svelte";
import AddLine from "./AddLine.svelte";

describe("AddLine", () => {
  it("keeps a refused text with the core's message at the line, clears an accepted one", async () => {
    let refuse = true;
    setTransport(async () => {
      if (refuse) throw { code: "invalid", message: "Der Titel des Ziels darf höchstens 300 Zeichen lang sein." };
      return { kind: "goals", data: {} as never };
    });
    render(AddLine, { label: "Neues Ziel", button: "Ziel hinzufügen", testid: "new-goal", add: () => run({ goals: "get" }, "goals") });
    const line = screen.getByTestId("new-goal") as HTMLInputElement;
    await fireEvent.input(line, { target: { value: "Sehr langes Ziel" } });
    await fireEvent.submit(line.closest("form")!);
    await waitFor(() => expect(screen.getByTestId("new-goal-error").textContent).toContain("höchstens 300 Zeichen"));
    expect(line.value).toBe("Sehr langes Ziel");
    expect(line.getAttribute("aria-invalid")).toBe("true");
    expect(project.error).toBe("");
    expect(project.invalid).toBe(1);

    refuse = false;
    await fireEvent.input(line, { target: { value: "Kurzes Ziel" } });
    await fireEvent.submit(line.closest("form")!);
    await waitFor(() => expect(line.value).toBe(""));
    await waitFor(() => expect(screen.queryByTestId("new-goal-error")).toBeNull());
    expect(project.invalid).toBe(0);
  });
});
