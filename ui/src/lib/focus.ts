// Keeps Tab inside a dialog or overlay: the page behind cannot be reached until it closes.

const FOCUSABLE = "a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";

/** The elements Tab visits inside `box`, in order. */
export function focusable(box: HTMLElement): HTMLElement[] {
  return [...box.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((e) => e.getClientRects().length > 0 || e === document.activeElement);
}

/** For a keydown inside `box`: Tab on the last element goes to the first, Shift+Tab on the
 * first to the last, and a focus that left the box is brought back. */
export function trapTab(e: KeyboardEvent, box: HTMLElement): void {
  if (e.key !== "Tab") return;
  const items = focusable(box);
  if (items.length === 0) {
    e.preventDefault();
    box.focus();
    return;
  }
  const first = items[0];
  const last = items[items.length - 1];
  const active = document.activeElement;
  if (e.shiftKey && (active === first || !box.contains(active))) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && (active === last || !box.contains(active))) {
    e.preventDefault();
    first.focus();
  }
}
