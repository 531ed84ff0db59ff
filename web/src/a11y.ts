// Keyboard access the page structure cannot give by itself: a table wider than its card
// scrolls, so it must take focus (arrow keys then scroll it) and be named for screen readers.
export function markScrollableRegions(root: HTMLElement): void {
  for (const wrap of root.querySelectorAll<HTMLElement>(".table-wrap")) {
    if (wrap.scrollWidth > wrap.clientWidth + 1) {
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      const title = wrap.closest("section")?.querySelector("h2")?.textContent || "Table";
      wrap.setAttribute("aria-label", `${title} (scrolls sideways)`);
    }
  }
}
