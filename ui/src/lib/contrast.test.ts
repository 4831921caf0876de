// WCAG 1.4.11: the borders that show where an input or a button is have at least 3:1 contrast
// against the card and the page behind them. Read from the stylesheet the window uses.
import { describe, expect, it } from "vitest";

// Read as a file: vitest hands stylesheets imported as modules over empty. (The window's
// TypeScript setup has no Node types; the module name is a plain string for that reason.)
const fs: { readFileSync(path: string, encoding: string): string } = await import("node:fs" as string);
const css = fs.readFileSync("src/app.css", "utf8");
const colour = (name: string): string => {
  const m = new RegExp(`--${name}:\\s*(#[0-9a-fA-F]{6})`).exec(css);
  if (!m) throw new Error(`--${name} fehlt in app.css`);
  return m[1];
};
const luminance = (hex: string): number => {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const contrast = (a: string, b: string): number => {
  const [dark, light] = [luminance(a), luminance(b)].sort((x, y) => x - y);
  return (light + 0.05) / (dark + 0.05);
};

describe("input borders", () => {
  it("stand out at least 3:1 from the card and the page", () => {
    for (const behind of ["card", "bg"]) expect(contrast(colour("control-line"), colour(behind))).toBeGreaterThanOrEqual(3);
  });

  it("are what inputs, selects, text areas and buttons are drawn with", () => {
    for (const rule of [/input, select, textarea \{[^}]*border: 1px solid var\(--control-line\)/, /\nbutton \{[^}]*border: 1px solid var\(--control-line\)/]) {
      expect(css).toMatch(rule);
    }
  });
});
