import * as api from "../api";
import { age, badge, card, fmtDate, fmtNum, h, link, personLink, scoreBar, table } from "../dom";
import { dataTable } from "../datatable";
import { displayScore, why } from "../explain";
import { role } from "../session";

type Row = Record<string, any>;

function ageCell(r: Row): HTMLElement | string {
  const a = age(r);
  return a === null ? "" : a < 18 ? badge(`${a} (child)`, "alert")! : String(a);
}

export async function targetsPage(): Promise<HTMLElement> {
  const d = await api.get<{ targets: Row[]; held_back?: Row[] }>("/targets");
  return h(
    "div",
    null,
    h("h1", null, "Targets"),
    h("p", { class: "muted" }, "People in priority order (harm and disruption value). Children and adults flagged for safeguarding appear here only if a supervisor overrode that, with a reason. The band comes from the stored priority (shown on hover)."),
    dataTable(
      d.targets,
      [
        { label: "#", value: (r) => r.display?.rank ?? r.rank, sort: (r) => r.display?.rank ?? r.rank, class: "num" },
        { label: "Person", value: (r) => personLink(r.person_id, r.display_name), sort: (r) => r.display_name || r.person_id },
        { label: "Nicknames", value: (r) => (r.nicknames || []).join(", ") },
        { label: "Role", value: (r) => badge(r.role), sort: (r) => r.role || "" },
        { label: "Line", value: (r) => (r.line_id ? link(`#/line/${encodeURIComponent(r.line_id)}`, r.line_id) : ""), sort: (r) => r.line_id || "" },
        { label: "Priority", value: (r) => displayScore(r.display), sort: (r) => r.display?.strength ?? r.priority, class: "num" },
        { label: "Why", value: (r) => why(r.why) },
      ],
      { label: "targets", pageSize: 20, search: (r) => [r.display_name, r.person_id, ...(r.nicknames || []), r.role, r.line_id, r.why?.summary].join(" "), emptyText: "No target list yet (run the analysis)." },
    ),
    h("h2", null, "Held back (victim first)"),
    h("p", { class: "muted" }, "Flagged for safeguarding, or possibly the same person as someone flagged (a near match, the same name and date of birth, a shared phone): off the list until a supervisor overrides."),
    dataTable(
      d.held_back || [],
      [
        { label: "Person", value: (r) => personLink(r.person_id, r.display_name), sort: (r) => r.display_name || r.person_id },
        { label: "Age", value: ageCell, sort: (r) => age(r) ?? -1 },
        { label: "Priority", value: (r) => fmtNum(r.priority), sort: (r) => r.priority, class: "num" },
        { label: "Why held back", value: (r) => r.held_back_reason },
      ],
      { label: "people held back", pageSize: 10, search: (r) => [r.display_name, r.person_id, r.held_back_reason].join(" "), emptyText: "Nobody held back." },
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
    h("p", { class: "muted" }, "Victim first: an exploited child is a victim even when arrested for supply (Modern Slavery Act 2015, s.45). Ordered by exploitation risk, then by the strength of the indicators behind it (the stored risk is capped at 1; hover a band to see it)."),
    dataTable<Row>(
      d.people,
      [
        { label: "#", value: (r) => r.display?.rank ?? r.rank, sort: (r) => r.display?.rank ?? r.rank, class: "num" },
        { label: "Person", value: (r) => personLink(r.person_id, r.display_name), sort: (r) => r.display_name || r.person_id },
        { label: "Age", value: ageCell, sort: (r) => age(r) ?? -1 },
        { label: "Risk", value: (r) => displayScore(r.display), sort: (r) => r.display?.strength ?? r.exploitation_risk },
        { label: "Why", value: (r) => why(r.why, "Indicators not shown to your role.") },
        { label: "Flags", value: (r) => (r.flags || []).map((f: string) => badge(f, "flag")) },
        ...(canRefer ? [{ label: "Referral", value: (r: Row) => h("a", { href: `/api/safeguarding/${encodeURIComponent(r.person_id)}/referral`, download: "" }, "Referral pack") }] : []),
      ],
      { label: "safeguarding list", pageSize: 20, search: (r) => [r.display_name, r.person_id, r.address, r.postcode, ...(r.flags || []), r.why?.summary].join(" "), emptyText: "Nobody on the safeguarding list (run the analysis)." },
    ),
    card(
      "Cuckooed addresses",
      table(d.cuckooed_addresses, [
        { label: "Address", value: (r: Row) => link(`#/address/${encodeURIComponent(r.address)}`, r.address) },
        { label: "Postcode", value: (r: Row) => r.postcode },
        { label: "Score", value: (r: Row) => scoreBar(r.cuckooing_score) },
        { label: "Why", value: (r: Row) => why(r.why, "Evidence not shown to your role.") },
      ], "No address assessed as cuckooed."),
    ),
    h("p", { class: "muted" }, `Shown ${fmtDate(new Date().toISOString(), true)}.`),
  );
}
