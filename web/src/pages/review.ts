// Supervisors' review pages: retention review of nominal and intelligence records under the
// MoPI groups (retain with a reason, or delete with a reason code; decisions run as server
// jobs), and the disproportionality audit of the lists.
import * as api from "../api";
import { append, badge, card, clear, fmtDate, h, kv, pct, table } from "../dom";

type Row = Record<string, any>;
const SHOWN = 25; // decide on the earliest first; the rest follow

function decisionForm(item: Row, reasons: string[], done: (text: string) => void): HTMLElement {
  const id = `${item.kind}-${item.source_system || ""}-${item.record_id}`.replace(/[^\w-]/g, "_");
  const reason = h("input", { id: `why-${id}`, placeholder: "why it is still needed", "aria-label": "Reason to retain" });
  const next = h("input", { id: `next-${id}`, type: "date", "aria-label": "Next review date" });
  const code = h("select", { id: `code-${id}`, "aria-label": "Reason to delete" }, reasons.map((r) => h("option", { value: r }, r.replace(/_/g, " "))));
  const send = async (body: Row) => {
    const base = { kind: item.kind, record_id: item.record_id, source_system: item.source_system };
    try {
      const job = await api.post<Row>("/retention/decisions", { ...base, ...body });
      done(`queued as job ${job.job_id}`);
    } catch (err) {
      done(String((err as Error).message || err));
    }
  };
  return h(
    "div",
    { class: "row" },
    reason,
    next,
    h("button", { type: "button", on: { click: () => void send({ action: "retain", reason: reason.value, next_review: next.value || null }) } }, "Retain"),
    code,
    h("button", { type: "button", on: { click: () => { if (confirm("Delete this record? Its derived outputs go at the next analysis run.")) void send({ action: "delete", reason: code.value }); } } }, "Delete"),
  );
}

export async function retentionPage(_parts: string[], params: URLSearchParams): Promise<HTMLElement> {
  const asOf = params.get("as_of") || "";
  const d = await api.get<Row>("/retention/due", { as_of: asOf || null });
  const status = h("p", { class: "muted", role: "status" });
  const say = (text: string) => { clear(status); append(status, [text]); };
  const date = h("input", { id: "retention-as-of", type: "date", value: d.as_of, "aria-label": "Due on or before" });
  const groups = Object.values(d.groups.groups as Record<string, Row>);
  return h(
    "div",
    null,
    h("h1", null, "Retention review"),
    h("p", { class: "muted" }, `Nominal and intelligence records due for review under the MoPI groups (${d.groups.source}). A deletion removes the record now, what was derived from it at the next analysis run, and leaves a tombstone with no personal data, so re-importing the file does not bring it back. ${d.tombstones} tombstones so far.`),
    card("Groups", kv(groups.map((g) => [`Group ${g.number}: ${g.label}`, `${g.review_years} years. ${g.rule}`]))),
    h(
      "form",
      { class: "row", on: { submit: (e: Event) => { e.preventDefault(); location.hash = `#/retention?as_of=${encodeURIComponent(date.value)}`; } } },
      date,
      h("button", { type: "submit" }, "Show due"),
    ),
    h("p", { class: "muted" }, d.count > SHOWN ? `Showing the ${SHOWN} earliest of ${d.count} due.` : `${d.count} due.`),
    status,
    table<Row>(
      d.due.slice(0, SHOWN),
      [
        { label: "Kind", value: (r) => badge(r.kind) },
        { label: "Record", value: (r) => (r.source_system ? `${r.source_system} / ${r.record_id}` : r.record_id) },
        { label: "Group", value: (r) => r.mopi_group, class: "num" },
        { label: "Offence", value: (r) => (r.offence || "none recognised").replace(/_/g, " ") },
        { label: "Last event", value: (r) => fmtDate(r.last_event) },
        { label: "Review", value: (r) => `${fmtDate(r.review_date)}${r.reviewed ? " (set by a reviewer)" : ""}` },
        { label: "Decision", value: (r) => decisionForm(r, d.delete_reasons, say) },
      ],
      `Nothing due on or before ${d.as_of}.`,
    ),
  );
}

function groupsTable(dim: Row): HTMLElement {
  return table<Row>(dim.groups, [
    { label: "Group", value: (g) => g.group },
    { label: "On list", value: (g) => g.n_list, class: "num" },
    { label: "In base", value: (g) => g.n_base, class: "num" },
    { label: "List share", value: (g) => (g.share_list.value === null ? "—" : `${pct(g.share_list.value)} (${pct(g.share_list.interval[0])}–${pct(g.share_list.interval[1])})`) },
    { label: "Base share", value: (g) => (g.share_base.value === null ? "—" : pct(g.share_base.value)) },
    { label: "Rate ratio", value: (g) => (g.ratio === null ? "—" : `${g.ratio.toFixed(2)} (${g.ratio_interval[0].toFixed(2)}–${g.ratio_interval[1].toFixed(2)})`) },
    { label: "Finding", value: (g) => badge(g.finding, g.finding === "over-selected" || g.finding === "under-selected" ? "alert" : "") },
  ]);
}

export async function fairnessPage(): Promise<HTMLElement> {
  const d = await api.get<Row>("/fairness");
  return h(
    "div",
    null,
    h("h1", null, "Disproportionality audit"),
    h("p", { class: "muted" }, `Each list against the people whose records could justify it, by age band, sex, self-defined ethnicity (where recorded) and postcode area. Ratios compare a group's chance of being on the list with everyone else's in the base; intervals: ${d.method.share_interval} for shares, ${d.method.ratio_interval} for ratios, at ${d.method.level}. This audit never feeds back into a score. Reference date ${d.reference_date || "—"}.`),
    d.lists.length ? null : h("p", null, "No analysis yet."),
    d.lists.map((lst: Row) =>
      card(
        `${lst.list.replace(/_/g, " ")}: ${lst.n_list} on the list, ${lst.n_base} in the base`,
        h("p", null, h("strong", null, "Rule: "), lst.rule),
        h("p", null, h("strong", null, "Base: "), lst.base, lst.outside_base ? ` (${lst.outside_base} on the list are outside it)` : ""),
        lst.dimensions.map((dim: Row) => h("div", null, h("h3", null, dim.dimension.replace(/_/g, " ")), groupsTable(dim))),
      ),
    ),
  );
}
