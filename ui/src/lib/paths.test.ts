import { describe, expect, it } from "vitest";
import { besides, fileName, folderOf, withExtension } from "./paths";

describe("paths", () => {
  it("suggests a name beside the project file", () => {
    expect(besides("/home/ada/Projekte/Musterstadt.zukunft", "Musterstadt_2026-11-25.zukunft")).toBe(
      "/home/ada/Projekte/Musterstadt_2026-11-25.zukunft",
    );
    expect(besides("C:\\Projekte\\Musterstadt.zukunft", "Kopie.zukunft")).toBe("C:\\Projekte\\Kopie.zukunft");
    expect(besides("Musterstadt.zukunft", "Kopie.zukunft")).toBe("Kopie.zukunft");
    expect(folderOf("/a/b/c.zukunft")).toBe("/a/b");
  });

  it("adds the format's extension to a name typed without one", () => {
    expect(withExtension("/daten/Kopie", "zukunft")).toBe("/daten/Kopie.zukunft");
    expect(withExtension("C:\\Daten\\Bericht", "pdf")).toBe("C:\\Daten\\Bericht.pdf");
    expect(withExtension("/daten/Bericht.pdf", "pdf")).toBe("/daten/Bericht.pdf");
    expect(withExtension("/daten.alt/Bericht v1.2", "pdf")).toBe("/daten.alt/Bericht v1.2");
    expect(withExtension("/daten.alt/Bericht", "pdf")).toBe("/daten.alt/Bericht.pdf");
    expect(withExtension("/daten/Bericht", undefined)).toBe("/daten/Bericht");
  });

  it("names the file of a path", () => {
    expect(fileName("/a/b/Bad Wörth.zukunft")).toBe("Bad Wörth.zukunft");
    expect(fileName("C:\\Projekte\\Ort.zukunft")).toBe("Ort.zukunft");
    expect(fileName("Ort.zukunft")).toBe("Ort.zukunft");
  });
});
