import * as api from "../api";
import { age, badge, card, fmtDate, fmtNum, h, jsonView, link, personLink, scoreBar, table } from "../dom";
import { role } from "../session";

type Row = Record<string, any>;

export async function targetsPage(): Promise<HTMLElement> {
  const d = await api.get<{ targets: Row[]; held_back?: Row[] }>("/targets");
  return h(
    "div",
    null,
    h("h1", null, "Targets"),
    h("p", { class: "muted" }, "People in priority order (harm and disruption value). Children and adults flagged for safeguarding appear here only if a supervisor overrode that, with a reason."),
    table(
      d.targets,
      [
        { label: "#", value: (r) => r.rank, class: "num" },
        { label: "Person", value: (r) => personLink(r.person_id, r.display_name) },
        { label: "Nicknames", value: (r) => (r.nicknames || []).join(", ") },
        { label: "Role", value: (r) => badge(r.role) },
        { label: "Line", value: (r) => (r.line_id ? link(`#/line/${encodeURIComponent(r.line_id)}`, r.line_id) : "") },
        { label: "Priority", value: (r) => fmtNum(r.priority), class: "num" },
        { label: "Why", value: (r) => jsonView(r.explanation ?? r.components) },
      ],
      "No target list yet (run the analysis).",
    ),
    h("h2", null, "Held back (victim first)"),
    h("p", { class: "muted" }, "Flagged for safeguarding, or possibly the same person as someone flagged (a near match, the same name and date of birth, a shared phone): off the list until a supervisor overrides."),
    table(
      d.held_back || [],
      [
        { label: "Person", value: (r) => personLink(r.person_id, r.display_name) },
        { label: "Age", value: (r) => { const a = age(r); return a === null ? "" : a < 18 ? badge(`${a} (child)`, "alert") : String(a); } },
        { label: "Priority", value: (r) => fmtNum(r.priority), class: "num" },
        { label: "Why held back", value: (r) => r.held_back_reason },
      ],
      "Nobody held back.",
    ),
  );
}

export async function safeguardingPage(): Promise<HTMLElement> {
  const d = await api.get<Row>("/safeguarding");
  const canRefer = d.referral_packs && role() !== "partner";
  return h(
    "div",
    null,
    h("h1", null, "Safeguarding"),
    h("p", { class: "muted" }, "Victim first: an exploited child is a victim even when arrested for supply (Modern Slavery Act 2015, s.45). Ordered by exploitation risk."),
    table<Row>(
      d.people,
      [
        { label: "#", value: (r) => r.rank, class: "num" },
        { label: "Person", value: (r) => personLink(r.person_id, r.display_name) },
        { label: "Age", value: (r) => { const a = age(r); return a === null ? "" : a < 18 ? badge(`${a} (child)`, "alert") : String(a); } },
        { label: "Risk", value: (r) => scoreBar(r.exploitation_risk) },
        { label: "Indicators", value: (r) => jsonView(r.indicators) },
        { label: "Flags", value: (r) => (r.flags || []).map((f: string) => badge(f, "flag")) },
        ...(canRefer ? [{ label: "Referral", value: (r: Row) => h("a", { href: `/api/safeguarding/${encodeURIComponent(r.person_id)}/referral`, download: "" }, "Referral pack") }] : []),
      ],
      "Nobody on the safeguarding list (run the analysis).",
    ),
    card(
      "Cuckooed addresses",
      table(d.cuckooed_addresses, [
        { label: "Address", value: (r: Row) => link(`#/address/${encodeURIComponent(r.address)}`, r.address) },
        { label: "Postcode", value: (r: Row) => r.postcode },
        { label: "Score", value: (r: Row) => scoreBar(r.cuckooing_score) },
        { label: "Evidence", value: (r: Row) => jsonView(r.evidence) },
      ], "No address assessed as cuckooed."),
    ),
    h("p", { class: "muted" }, `Shown ${fmtDate(new Date().toISOString(), true)}.`),
  );
}
