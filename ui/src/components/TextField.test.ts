import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import TextField from "./TextField.svelte";
import { project } from "../lib/project.svelte";

describe("TextField", () => {
  it("saves on change, not on every key, and Escape restores the saved text", async () => {
    const onsave = vi.fn();
    render(TextField, { props: { label: "Titel", value: "Alt", onsave } });
    const input = screen.getByLabelText("Titel") as HTMLInputElement;
    await fireEvent.input(input, { target: { value: "Neu" } });
    expect(onsave).not.toHaveBeenCalled();
    await fireEvent.change(input);
    expect(onsave).toHaveBeenCalledWith("Neu");
    await fireEvent.input(input, { target: { value: "Verworfen" } });
    await fireEvent.keyDown(input, { key: "Escape" });
    expect(input.value).toBe("Alt");
  });

  it("shows user text literally", () => {
    render(TextField, { props: { label: "Notiz", value: "<b>fett</b> 🚀", onsave: () => {} } });
    expect((screen.getByLabelText("Notiz") as HTMLInputElement).value).toBe("<b>fett</b> 🚀");
  });

  it("Escape in a long text saves the paragraph instead of discarding it", async () => {
    const onsave = vi.fn();
    render(TextField, { props: { label: "Beschreibung", value: "", multiline: true, onsave } });
    const area = screen.getByLabelText("Beschreibung") as HTMLTextAreaElement;
    await fireEvent.input(area, { target: { value: "Ein ganzer Absatz aus der Werkstatt." } });
    await fireEvent.keyDown(area, { key: "Escape" });
    expect(onsave).toHaveBeenCalledWith("Ein ganzer Absatz aus der Werkstatt.");
    expect(area.value).toBe("Ein ganzer Absatz aus der Werkstatt.");
  });

  it("a text the core refuses stays in the field with the message beneath it", async () => {
    const onsave = vi.fn(async () => {
      project.error = "Beginn muss ein Jahr („2027“) … sein (angegeben: „Sommer 2027“).";
      project.refusals += 1;
    });
    render(TextField, { props: { label: "Beginn", value: "2027", onsave, testid: "sb-start" } });
    const input = screen.getByLabelText("Beginn") as HTMLInputElement;
    await fireEvent.input(input, { target: { value: "Sommer 2027" } });
    await fireEvent.change(input);
    expect((await screen.findByTestId("sb-start-error")).textContent).toContain("Sommer 2027");
    expect(input.value).toBe("Sommer 2027");
    expect(project.error).toBe("");
    expect(project.invalid).toBe(1);
  });
});
