// Operations: the list and the planning form. The board of one operation is operationsBoard.ts.
import * as api from "../api";
import { badge, card, clear, h, link, table } from "../dom";
import { role } from "../session";

type Row = Record<string, any>;

export const PLANNERS = ["admin", "supervisor", "analyst"];
export const APPROVERS = ["admin", "supervisor"];

/** A stored (naive UTC) time shown as UK local time: "Tue 5 Mar 2024, 05:00". */
export function ukTime(value: unknown): string {
  if (!value) return "";
  const text = String(value);
  const d = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : text.replace(" ", "T") + "Z");
  if (Number.isNaN(d.getTime())) return text;
  return d.toLocaleString("en-GB", { weekday: "short", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "Europe/London" });
}

export function statusBadge(status: string | null | undefined): HTMLElement | null {
  const kind = status === "draft" ? "flag" : status === "approved" ? "type-address" : status === "executed" ? "alert" : "";
  return badge(status || "", kind || "link");
}

export async function operationsPage(): Promise<HTMLElement> {
  const d = await api.get<{ data: Row[] }>("/operations");
  const planner = PLANNERS.includes(role());
  return h(
    "div",
    null,
    h("h1", null, "Operations"),
    h("p", { class: "muted" }, role() === "partner" ? "Approved operations with addresses in your force's area (sanitised)." : "Days of action: plan, approve, carry out on the day, record and review."),
    table(
      d.data,
      [
        { label: "Operation", value: (r) => link(`#/operation/${encodeURIComponent(r.operation_id)}`, `${r.name} (${r.operation_id})`) },
        { label: "Planned", value: (r) => ukTime(r.planned_at) },
        { label: "Status", value: (r) => statusBadge(r.status) },
        { label: "Addresses", value: (r) => String(r.addresses), class: "num" },
        { label: "Forces", value: (r) => (r.forces || []).filter(Boolean).join(", ") },
      ],
      "No operations yet.",
    ),
    planner ? await planForm() : null,
  );
}

async function planForm(): Promise<HTMLElement> {
  const lines = await api.get<{ lines: Row[] }>("/lines").catch(() => ({ lines: [] as Row[] }));
  const name = h("input", { id: "op-name", placeholder: "Operation name, e.g. Operation Kestrel", required: true });
  const at = h("input", { id: "op-at", type: "datetime-local", "aria-label": "Planned entry (UK time)" });
  const line = h("input", { id: "op-line", list: "op-lines", placeholder: "Line id (optional)", "aria-label": "Line" });
  const known = h("datalist", { id: "op-lines" }, lines.lines.map((l) => h("option", { value: l.line_id }, `${l.line_id} (${(l.numbers || []).length} numbers)`)));
  const targets = h("input", { id: "op-targets", type: "number", min: "0", max: "100", placeholder: "Top N targets", "aria-label": "Top N targets" });
  const people = h("input", { id: "op-people", placeholder: "Person ids, comma-separated (children and victims are safeguarded, never targeted)" });
  const addresses = h("textarea", { id: "op-addresses", rows: "2", placeholder: "Addresses with postcodes, one a line, e.g. 12 Example Road, Chatham ME4 4QU" });
  addresses.style.width = "100%";
  const window_ = h("input", { id: "op-window", type: "number", min: "0", value: "30", "aria-label": "Entry window (minutes)" });
  const out = h("div", null);
  const submit = async (e: Event) => {
    e.preventDefault();
    clear(out);
    try {
      const r = await api.post<Row>("/operations", {
        name: name.value.trim(),
        planned_at: at.value || null,
        line_id: line.value.trim() || null,
        targets: targets.value ? Number(targets.value) : null,
        person_ids: people.value.split(",").map((s) => s.trim()).filter(Boolean),
        addresses: addresses.value.split("\n").map((s) => s.trim()).filter(Boolean),
        entry_window_min: Number(window_.value || 30),
      });
      location.hash = `#/operation/${encodeURIComponent(r.operation_id)}`;
    } catch (err) {
      out.append(h("p", { class: "error" }, (err as Error).message));
    }
  };
  return card(
    "Plan an operation",
    h(
      "form",
      { class: "op-plan", on: { submit: (e: Event) => void submit(e) } },
      h("div", { class: "row" }, name, at),
      h("div", { class: "row" }, h("label", null, "Line ", line, known), h("label", null, "Targets ", targets), h("label", null, "Entry window (min) ", window_)),
      h("div", { class: "row" }, people),
      h("div", { class: "row" }, addresses),
      h("button", { type: "submit", class: "primary", id: "op-create" }, "Create draft plan"),
      out,
    ),
    h("p", { class: "muted" }, "A supervisor other than the author approves the plan. Changing an approved plan returns it to draft."),
  );
}
