import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import TextField from "./TextField.svelte";

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
});
