import * as api from "../api";
import { append, badge, card, clear, entityHref, fmtDate, h, kv, link, table } from "../dom";
import { readableDetail } from "../readable";

type Row = Record<string, any>;

export async function intelPage(): Promise<HTMLElement> {
  const d = await api.get<Row>("/intel");
  const g = d.grading;
  return h(
    "div",
    null,
    h("h1", null, "Intelligence log"),
    card(
      "3x5x2 grading",
      h(
        "div",
        { class: "grid3" },
        h("div", null, h("h3", null, "Source evaluation"), kv(Object.entries(g.source_evaluation).map(([k, v]) => [k, String(v)]))),
        h("div", null, h("h3", null, "Intelligence assessment"), kv(Object.entries(g.intelligence_assessment).map(([k, v]) => [k, String(v)]))),
        h("div", null, h("h3", null, "Handling code"), kv(Object.entries(g.handling_code).map(([k, v]) => [k, String(v)]))),
      ),
      h("p", { class: "muted" }, "C-handled reports are shown only to the roles their conditions allow."),
    ),
    table<Row>(
      d.intel,
      [
        { label: "Report", value: (r) => r.report_id },
        { label: "Received", value: (r) => fmtDate(r.received_at, true) },
        { label: "Grade", value: (r) => h("div", null, h("span", { class: "grade" }, r.grade.code), h("div", { class: "grade-text" }, `${r.grade.source}; ${r.grade.assessment}; ${r.grade.handling}`)) },
        { label: "Conditions", value: (r) => r.handling_conditions || "" },
        { label: "Text", value: (r) => r.text },
      ],
      "No intelligence you may see.",
    ),
  );
}

export async function auditPage(_parts: string[], params: URLSearchParams): Promise<HTMLElement> {
  const user = params.get("user") || "";
  const d = await api.get<{ entries: Row[] }>("/audit", { user_name: user || null, limit: 300 });
  const result = h("div", { class: "verify-result" });
  const verify = async () => {
    clear(result);
    const v = await api.get<Row>("/audit/verify");
    const last = v.last_checkpoint;
    append(result, [
      v.ok
        ? h("p", { class: "ok" }, `Chain intact: ${v.entries} entries (${v.legacy_entries} from before the audit key), last hash ${String(v.last_hash).slice(0, 16)}…`)
        : h("p", { class: "error" }, `Chain broken${v.first_bad_seq ? " at entry " + v.first_bad_seq : ""}: ${v.problem}`),
      last ? h("p", { class: "muted" }, `Newest signed checkpoint: ${last.entries} entries at ${fmtDate(last.at, true)}, head ${String(last.head).slice(0, 16)}… (${v.checkpoints} checkpoints)`) : null,
      ((v.warnings as string[]) || []).map((w) => h("p", { class: "muted" }, w)),
    ]);
  };
  const checkpoints = async () => {
    clear(result);
    const c = await api.get<Row>("/audit/checkpoints");
    append(result, [
      h("p", { class: "muted" }, `${c.path || "no checkpoint file"} · key id ${c.key_id}`),
      c.problem ? h("p", { class: "error" }, c.problem) : null,
      table(c.checkpoints.slice(0, 50), [
        { label: "When (UTC)", value: (r: Row) => fmtDate(r.at, true) },
        { label: "Entries", value: (r: Row) => r.entries, class: "num" },
        { label: "Head hash", value: (r: Row) => h("code", null, r.head) },
        { label: "Why", value: (r: Row) => r.reason },
      ], "No checkpoints yet."),
    ]);
  };
  const filter = h("input", { id: "audit-user", value: user, placeholder: "user name" });
  return h(
    "div",
    null,
    h("h1", null, "Audit trail"),
    h("p", { class: "muted" }, "Every view of a person, phone or address, every list of them, every search, export and change. Append-only, hash-chained with a key kept outside the store, and anchored by signed checkpoints."),
    h(
      "form",
      { class: "row", on: { submit: (e: Event) => { e.preventDefault(); location.hash = `#/audit?user=${encodeURIComponent(filter.value.trim())}`; } } },
      filter,
      h("button", { type: "submit" }, "Filter"),
      h("button", { type: "button", class: "primary", id: "audit-verify", on: { click: () => void verify() } }, "Verify chain"),
      h("button", { type: "button", id: "audit-checkpoints", on: { click: () => void checkpoints() } }, "Checkpoints"),
    ),
    result,
    table(d.entries, [
      { label: "#", value: (r) => r.seq, class: "num" },
      { label: "When (UTC)", value: (r) => fmtDate(r.at, true) },
      { label: "User", value: (r) => link(`#/audit?user=${encodeURIComponent(r.user_name)}`, r.user_name) },
      { label: "Action", value: (r) => badge(r.action, "action") },
      { label: "Target", value: (r) => (r.target && /^(person|phone|address|line):/.test(r.target) ? link(entityHref(r.target), r.target) : r.target || "") },
      { label: "Detail", value: (r) => readableDetail(r.detail) },
    ]),
  );
}
