import * as api from "../api";
import { badge, card, fmtDate, h } from "../dom";
import { dataTable } from "../datatable";
import { dailyBars } from "../charts";

type Row = Record<string, any>;

export async function timelinePage(_parts: string[], params: URLSearchParams): Promise<HTMLElement> {
  const entity = params.get("entity") || "";
  const input = h("input", { id: "timeline-entity", value: entity, "aria-label": "Entity (empty: all events)", placeholder: "person:P1, phone:+447700900123, line:L1, address:… (empty: all events)" });
  const form = h(
    "form",
    { class: "row", on: { submit: (e: Event) => { e.preventDefault(); location.hash = `#/timeline?entity=${encodeURIComponent(input.value.trim())}`; } } },
    input,
    h("button", { type: "submit", class: "primary" }, "Show"),
  );
  const d = await api.get<Row>("/timeline", { entity: entity || null });
  return h(
    "div",
    null,
    h("h1", null, entity ? `Timeline: ${entity}` : "Timeline"),
    form,
    d.activity.length ? card("Calls and texts per day", dailyBars(d.activity)) : null,
    card(
      "What happened",
      dataTable(d.items as Row[], [
        { label: "When", value: (r: Row) => fmtDate(r.at, true), sort: (r: Row) => String(r.at || "") },
        { label: "Kind", value: (r: Row) => badge(r.kind, "kind-" + r.kind), sort: (r: Row) => r.kind || "" },
        { label: "What", value: (r: Row) => String(r.label || "").replace(/_/g, " "), sort: (r: Row) => r.label || "" },
        { label: "Detail", value: (r: Row) => [r.offence, r.outcome, r.address, r.detail, r.text].filter(Boolean).join(" — ") },
      ], { label: "timeline", pageSize: 50, search: (r: Row) => [r.kind, r.label, r.offence, r.outcome, r.address, r.detail, r.text].join(" "), emptyText: "Nothing dated for this entity." }),
    ),
  );
}
