// A list that stays readable however long it grows: paged, sortable by any column with a
// sort key, filterable by free text. Rendering is the page's columns; this only chooses rows.
import { clear, h, type Child } from "./dom";

export interface DataColumn<T> {
  label: string;
  value: (row: T) => Child;
  /** a sort key; columns without one are not sortable */
  sort?: (row: T) => string | number;
  class?: string;
}

export interface DataTableOptions<T> {
  pageSize?: number;
  /** the text a row is found by (defaults to nothing: no filter box) */
  search?: (row: T) => string;
  emptyText?: string;
  label: string;
}

export function dataTable<T>(rows: T[], columns: DataColumn<T>[], opts: DataTableOptions<T>): HTMLElement {
  const pageSize = opts.pageSize ?? 25;
  let page = 0;
  let sortBy = -1;
  let ascending = true;
  let query = "";
  const body = h("tbody");
  const status = h("span", { class: "muted pager-status", "aria-live": "polite" });
  const prev = h("button", { type: "button", class: "pager-prev" }, "Previous");
  const next = h("button", { type: "button", class: "pager-next" }, "Next");
  const heads = columns.map((c, i) => {
    if (!c.sort) return h("th", { class: c.class, scope: "col" }, c.label);
    const button = h("button", { type: "button", class: "sort", on: { click: () => { ascending = sortBy === i ? !ascending : true; sortBy = i; page = 0; draw(); } } }, c.label);
    return h("th", { class: c.class, scope: "col", "aria-sort": "none" }, button);
  });
  const filter = opts.search
    ? h("input", { type: "search", class: "table-filter", placeholder: "Filter…", "aria-label": `Filter ${opts.label}`, on: { input: (e: Event) => { query = (e.target as HTMLInputElement).value.trim().toLowerCase(); page = 0; draw(); } } })
    : null;
  prev.addEventListener("click", () => { page = Math.max(0, page - 1); draw(); });
  next.addEventListener("click", () => { page += 1; draw(); });

  function chosen(): T[] {
    let found = query && opts.search ? rows.filter((r) => opts.search!(r).toLowerCase().includes(query)) : rows.slice();
    if (sortBy >= 0) {
      const key = columns[sortBy].sort!;
      found = found.slice().sort((a, b) => {
        const x = key(a), y = key(b);
        const order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
        return ascending ? order : -order;
      });
    }
    return found;
  }

  function draw(): void {
    const found = chosen();
    const pages = Math.max(1, Math.ceil(found.length / pageSize));
    page = Math.min(page, pages - 1);
    clear(body);
    const shown = found.slice(page * pageSize, (page + 1) * pageSize);
    for (const r of shown) body.append(h("tr", null, columns.map((c) => h("td", { class: c.class }, c.value(r)))));
    if (!shown.length) body.append(h("tr", null, h("td", { colspan: String(columns.length), class: "muted" }, opts.emptyText || "Nothing to show.")));
    heads.forEach((th, i) => { if (columns[i].sort) th.setAttribute("aria-sort", i === sortBy ? (ascending ? "ascending" : "descending") : "none"); });
    status.textContent = found.length ? `${page * pageSize + 1}–${page * pageSize + shown.length} of ${found.length}${query ? " matching" : ""}` : "";
    prev.disabled = page === 0;
    next.disabled = page >= pages - 1;
  }
  draw();
  return h("div", { class: "data-table" },
    h("div", { class: "table-tools" }, filter, status, h("span", { class: "pager" }, prev, next)),
    h("div", { class: "table-wrap" }, h("table", null, h("thead", null, h("tr", null, heads)), body)));
}
