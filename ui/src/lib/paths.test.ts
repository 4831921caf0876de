import { describe, expect, it } from "vitest";
import { besides, fileName, folderOf } from "./paths";

describe("paths", () => {
  it("suggests a name beside the project file", () => {
    expect(besides("/home/ada/Projekte/Musterstadt.zukunft", "Musterstadt_2026-11-25.zukunft")).toBe(
      "/home/ada/Projekte/Musterstadt_2026-11-25.zukunft",
    );
    expect(besides("C:\\Projekte\\Musterstadt.zukunft", "Kopie.zukunft")).toBe("C:\\Projekte\\Kopie.zukunft");
    expect(besides("Musterstadt.zukunft", "Kopie.zukunft")).toBe("Kopie.zukunft");
    expect(folderOf("/a/b/c.zukunft")).toBe("/a/b");
  });

  it("names the file of a path", () => {
    expect(fileName("/a/b/Bad Wörth.zukunft")).toBe("Bad Wörth.zukunft");
    expect(fileName("C:\\Projekte\\Ort.zukunft")).toBe("Ort.zukunft");
    expect(fileName("Ort.zukunft")).toBe("Ort.zukunft");
  });
});
