import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setPlatform, setTransport, type Command, type Reply } from "../lib/api";
import StartScreen from "./StartScreen.svelte";

afterEach(cleanup);

/** A core that knows the AGS rule (8 digits) and the name rule (not empty). */
function fakeCore() {
  const sent: Command[] = [];
  setTransport(async (c): Promise<Reply> => {
    sent.push(c);
    if (typeof c === "object" && "file" in c && c.file === "recent") return { kind: "recent", data: [] };
    if (typeof c === "object" && "file" in c && typeof c.file === "object" && "check_new_project" in c.file) {
      const p = c.file.check_new_project;
      const problems = [];
      if (!p.name.trim()) problems.push({ field: "name", message: "Der Name der Kommune fehlt." });
      if (p.ags && !/^\d{8}$/.test(p.ags)) problems.push({ field: "ags", message: `Der Amtliche Gemeindeschlüssel (AGS) muss aus genau 8 Ziffern bestehen (angegeben: „${p.ags}“).` });
      return { kind: "field_problems", data: problems };
    }
    throw { code: "internal", message: "unerwartet" };
  });
  return sent;
}

describe("new project form", () => {
  it("shows name and AGS problems at their fields before the save dialog", async () => {
    fakeCore();
    const chooseTarget = vi.fn(async () => null);
    setPlatform({ chooseTarget });
    render(StartScreen, { onopen: () => undefined, error: "" });
    const ags = screen.getByTestId("np-ags") as HTMLInputElement;
    await fireEvent.input(ags, { target: { value: "0822603" } });
    await fireEvent.change(ags);
    await waitFor(() => expect(screen.getByTestId("np-ags-error").textContent).toContain("genau 8 Ziffern"));
    // The name has not been touched yet: no message there until the form is sent.
    expect(screen.queryByTestId("np-name-error")).toBeNull();

    await fireEvent.submit(ags.closest("form")!);
    await waitFor(() => expect(screen.getByTestId("np-name-error").textContent).toContain("Name der Kommune"));
    expect(chooseTarget).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(screen.getByTestId("np-name"));
    expect(ags.value).toBe("0822603");

    await fireEvent.input(screen.getByTestId("np-name"), { target: { value: "Beispielheim" } });
    await fireEvent.input(ags, { target: { value: "08226032" } });
    await fireEvent.submit(ags.closest("form")!);
    await waitFor(() => expect(chooseTarget).toHaveBeenCalledWith(expect.objectContaining({ defaultPath: "Beispielheim.zukunft" })));
    expect(screen.queryByTestId("np-ags-error")).toBeNull();
  });

  it("suggests a file name without the name's slashes", async () => {
    fakeCore();
    const chooseTarget = vi.fn(async () => null);
    setPlatform({ chooseTarget });
    render(StartScreen, { onopen: () => undefined, error: "" });
    await fireEvent.input(screen.getByTestId("np-name"), { target: { value: " Neuhausen/Spree " } });
    await fireEvent.submit(screen.getByTestId("np-name").closest("form")!);
    await waitFor(() => expect(chooseTarget).toHaveBeenCalledWith(expect.objectContaining({ defaultPath: "Neuhausen-Spree.zukunft" })));
  });
});
