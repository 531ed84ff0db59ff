// Explanations people read: the server's one-sentence summary first, the evidence tables
// behind a disclosure triangle (<details>), with names, dates and links; never raw JSON.
import "./desk.css";
import { entityHref, h, link, type Child } from "./dom";

export interface WhyCell { text: string; entity?: string }
export interface WhyTable { title: string; columns: string[]; rows: WhyCell[][] }
export interface Why { summary: string; evidence?: WhyTable[] }
export interface Display { rank: number; of: number; band: string; strength: number; raw: number; text: string; hover: string; support?: [number, number] | null }

function cell(c: WhyCell): Child {
  if (c.entity) return link(entityHref(c.entity), c.text);
  return c.text;
}

export function whyTable(t: WhyTable): HTMLElement {
  return h("div", { class: "why-table" },
    h("h4", null, t.title),
    h("div", { class: "table-wrap" }, h("table", { class: "evidence" },
      h("thead", null, h("tr", null, t.columns.map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", null, t.rows.slice(0, 200).map((r) => h("tr", null, r.map((c) => h("td", null, cell(c)))))))),
    t.rows.length > 200 ? h("p", { class: "muted" }, `First 200 of ${t.rows.length} rows.`) : null);
}

/** The summary sentence and, when there is evidence, a closed <details> holding it. */
export function why(w: Why | null | undefined, emptyText = "No explanation recorded."): HTMLElement {
  if (!w) return h("p", { class: "muted" }, emptyText);
  const tables = (w.evidence || []).filter((t) => t.rows.length);
  return h("div", { class: "why" },
    h("p", { class: "why-summary" }, w.summary),
    tables.length ? h("details", { class: "why-evidence" }, h("summary", null, "Evidence"), tables.map(whyTable)) : null);
}

/** A calibrated score: rank, band and strength, the stored score on hover. */
export function displayScore(d: Display | null | undefined): HTMLElement | string {
  if (!d) return "";
  return h("span", { class: `display-score band-${d.band.replace(/\s+/g, "-")}`, title: d.hover, "data-display": d.text },
    h("span", { class: "band" }, d.band), " ", h("span", { class: "strength" }, d.strength.toFixed(2)),
    d.support ? h("span", { class: "support" }, `${d.support[0]} indicators, ${d.support[1]} items`) : null);
}
