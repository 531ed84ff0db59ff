import * as api from "../api";
import { exportControl } from "../exports";
import { age, badge, card, empty, entityHref, fmtDate, fmtNum, h, kv, link, personLink, phoneDisplay, phoneLink, scoreBar, table } from "../dom";
import { dataTable } from "../datatable";
import { why } from "../explain";
import { isPolice } from "../session";
import { labelCard } from "./labels";

type Row = Record<string, any>;

function actions(entity: string, extra: HTMLElement[] = []): HTMLElement {
  return h(
    "div",
    { class: "actions" },
    link(`#/chart?entity=${encodeURIComponent(entity)}`, "Open in link chart"),
    link(`#/timeline?entity=${encodeURIComponent(entity)}`, "Timeline"),
    ...extra,
  );
}

function intelCard(items: Row[]): HTMLElement | null {
  if (!isPolice()) return null;
  return card(
    "Intelligence mentioning",
    table(
      items,
      [
        { label: "Report", value: (r) => r.report_id },
        { label: "Received", value: (r) => fmtDate(r.received_at) },
        { label: "Grade", value: (r) => h("span", { class: "grade", title: `${r.grade.source}; ${r.grade.assessment}; ${r.grade.handling}` }, r.grade.code) },
        { label: "Text", value: (r) => r.text },
      ],
      "No intelligence you may see mentions this.",
    ),
  );
}

function linksCard(graph: Row): HTMLElement {
  const nodes: Record<string, Row> = {};
  for (const n of graph.nodes || []) nodes[n.id] = n;
  const rows = (graph.edges || []).map((e: Row) => {
    const other = e.source === graph.center ? e.target : e.source;
    return { ...e, other: nodes[other] || { id: other, label: other } };
  });
  return card(
    "Links",
    table(rows, [
      { label: "Link", value: (r: Row) => badge(r.type, "link") },
      { label: "To", value: (r: Row) => h("span", null, badge(r.other.type, "type-" + r.other.type), " ", link(entityHref(r.other.id), r.other.label)) },
      { label: "Role", value: (r: Row) => badge(r.other.role) },
      { label: "Evidence", value: (r: Row) => r.label },
    ]),
  );
}

/** Recorded relationships (contract v2): the type, the entity at the other end, dates and
 * where the record came from with its grading. */
function relationshipsCard(rows: Row[]): HTMLElement {
  return card(
    "Relationships",
    table(rows, [
      { label: "Relationship", value: (r: Row) => h("span", null, badge(r.type, "link"), r.subtype ? ` ${r.subtype}` : "") },
      { label: "With", value: (r: Row) => h("span", null, badge(r.other.type, "type-" + r.other.type), " ", link(entityHref(r.other.id), r.other.label)) },
      { label: "Seen", value: (r: Row) => [fmtDate(r.first_seen), fmtDate(r.last_seen)].filter(Boolean).join(" – ") },
      { label: "Source", value: (r: Row) => [r.provenance, r.grading].filter(Boolean).join(", ") },
    ], "No relationships recorded."),
  );
}

function personExport(personId: string): HTMLElement {
  const hops = h("select", { class: "export-hops", "aria-label": "Links out" }, [1, 2, 3].map((n) => h("option", { value: String(n) }, `${n} hop${n === 1 ? "" : "s"}`)));
  return h("div", { class: "actions" }, "Export neighbourhood ", hops, exportControl({ person: personId, hops: () => Number(hops.value) }));
}

export async function personPage(parts: string[]): Promise<HTMLElement> {
  const id = parts[0];
  const d = await api.get<Row>(`/persons/${encodeURIComponent(id)}`);
  const p = d.person;
  const years = age(p);
  const ex = d.scores.exploitation;
  const pr = d.scores.priority;
  const header = h(
    "div",
    { class: "profile-head" },
    h("h1", null, p.display_name || p.person_id),
    h(
      "div",
      { class: "badges" },
      d.roles.slice(0, 3).map((r: Row) => badge(r.role)),
      ex && ex.safeguarding_flag ? badge("safeguarding concern", "alert") : null,
      p.child ? badge("child", "alert") : null,
      (p.flags || []).map((f: string) => badge(f, "flag")),
    ),
    kv([
      ["Person id", p.person_id],
      ["Date of birth", p.dob ? `${fmtDate(p.dob)}${years !== null ? ` (age ${years} at ${fmtDate(d.reference_time)})` : ""}` : null],
      ["Nicknames", (p.nicknames || []).join(", ")],
      ["Address", p.address ? link(`#/address/${encodeURIComponent(p.address)}`, `${p.address}${p.postcode ? ", " + p.postcode : ""}`) : null],
      ["Records", String(p.n_records ?? d.identities?.length ?? "")],
    ]),
    actions(`person:${p.person_id}`),
    personExport(p.person_id),
  );
  const scores = card(
    "Scores and why",
    h(
      "div",
      { class: "grid2" },
      h(
        "div",
        null,
        h("h3", null, "Priority (harm)"),
        pr ? kv([["Priority", fmtNum(pr.priority)], ["Harm score", fmtNum(pr.harm_score)], ["Target rank", d.scores.target_rank ?? "not on the list"]]) : empty("Not scored."),
        pr ? why(pr.why) : null,
      ),
      h(
        "div",
        null,
        h("h3", null, "Exploitation risk"),
        ex ? kv([["Risk", scoreBar(ex.exploitation_risk)], ["Safeguarding flag", ex.safeguarding_flag ? "yes" : "no"], ["List rank", d.scores.safeguarding_rank ?? "—"]]) : empty("Not scored."),
        ex ? why(ex.why, "Indicators not shown to your role.") : null,
      ),
    ),
  );
  const page = h("div", { class: "profile" }, header, h("div", { class: "cards" }, scores,
    card("Phones", table(d.phones, [
      { label: "Number", value: (r: Row) => phoneLink(r.number) },
      { label: "Role", value: (r: Row) => badge(r.role) },
      { label: "Line", value: (r: Row) => (r.line_id ? link(`#/line/${encodeURIComponent(r.line_id)}`, r.line_id) : "") },
      { label: "Confidence", value: (r: Row) => (r.confidence !== null && r.confidence !== undefined ? scoreBar(r.confidence) : "") },
    ], "No phones attributed.")),
    card("Roles in lines", table(d.roles, [
      { label: "Role", value: (r: Row) => badge(r.role) },
      { label: "Line", value: (r: Row) => (r.line_id ? link(`#/line/${encodeURIComponent(r.line_id)}`, r.line_id) : "") },
      { label: "Confidence", value: (r: Row) => scoreBar(r.confidence) },
      { label: "Why", value: (r: Row) => why(r.why) },
    ], "No role assigned.")),
    d.identities ? card("Identities (source records)", table(d.identities, [
      { label: "System", value: (r: Row) => r.source_system },
      { label: "Record", value: (r: Row) => r.record_id },
      { label: "Name", value: (r: Row) => `${r.forenames || ""} ${r.surname || ""}` },
      { label: "DOB", value: (r: Row) => fmtDate(r.dob) },
      { label: "Address", value: (r: Row) => [r.address, r.postcode].filter(Boolean).join(", ") },
      { label: "Phones", value: (r: Row) => (r.phone || []).map(phoneDisplay).join(", ") },
      { label: "Nicknames", value: (r: Row) => (r.nickname || []).join(", ") },
    ])) : null,
    d.merges_why ? card("Why these records are one person", why(d.merges_why)) : null,
    card("Events", dataTable(d.events as Row[], [
      { label: "When", value: (r: Row) => fmtDate(r.occurred_at, true), sort: (r: Row) => String(r.occurred_at || "") },
      { label: "Event", value: (r: Row) => badge(r.event_type, "event"), sort: (r: Row) => r.event_type || "" },
      { label: "Role", value: (r: Row) => r.role },
      { label: "Offence / outcome", value: (r: Row) => [r.offence, r.outcome?.replace(/_/g, " ")].filter(Boolean).join(" — ") },
      { label: "Where", value: (r: Row) => [r.address, r.postcode].filter(Boolean).join(", ") },
      { label: "Detail", value: (r: Row) => r.detail },
    ], { label: "events", pageSize: 10, search: (r: Row) => [r.event_type, r.offence, r.outcome, r.address, r.postcode, r.detail].join(" "), emptyText: "No events." })),
    relationshipsCard(d.relationships || []),
    linksCard(d.links),
    intelCard(d.intel || []),
    isPolice() ? labelCard("safeguarding", parts[0]) : null,
  ));
  return page;
}

function featureTable(features: Row): HTMLElement {
  const entries = Object.entries(features).filter(([k, v]) => !["number", "run_id"].includes(k) && (v === null || typeof v !== "object"));
  return table(entries, [
    { label: "Feature", value: ([k]) => k.replace(/_/g, " ") },
    { label: "Value", value: ([, v]) => (typeof v === "number" ? fmtNum(v, 3) : typeof v === "boolean" ? (v ? "yes" : "no") : String(v ?? "")), class: "num" },
  ]);
}

export async function phonePage(parts: string[]): Promise<HTMLElement> {
  const d = await api.get<Row>(`/phones/${encodeURIComponent(parts[0])}`);
  const role = d.role || {};
  const score = d.score;
  const head = h(
    "div",
    { class: "profile-head" },
    h("h1", null, d.display || d.number),
    h("div", { class: "badges" }, badge(role.role), score?.is_deal_line && role.role !== "deal_line" ? badge("scored as deal line", "alert") : null),
    kv([
      ["E.164", d.number],
      ["Events", fmtNum(d.activity?.n)],
      ["First / last seen", d.activity?.first ? `${fmtDate(d.activity.first)} – ${fmtDate(d.activity.last)}` : null],
      ["Line", role.line_id ? link(`#/line/${encodeURIComponent(role.line_id)}`, role.line_id) : null],
      ["Deal-line score", score ? scoreBar(score.deal_line_score) : null],
    ]),
    actions(`phone:${d.number}`, [link(`#/map?number=${encodeURIComponent(d.number)}`, "Movement on map")]),
  );
  return h("div", { class: "profile" }, head, h("div", { class: "cards" },
    card("Why this score", score ? why(score.why) : empty("Not scored yet.")),
    card("Features", d.features ? featureTable(d.features) : empty("No features computed yet.")),
    card("Who uses it", table(d.persons, [
      { label: "Person", value: (r: Row) => personLink(r.person_id, r.display_name) },
      { label: "Confidence", value: (r: Row) => scoreBar(r.confidence) },
      { label: "Why", value: (r: Row) => why(r.why) },
    ], "Not attributed to anyone.")),
    card("Handsets (IMEI) over time", table(d.handsets, [
      { label: "IMEI", value: (r: Row) => r.imei },
      { label: "IMSI", value: (r: Row) => r.imsi },
      { label: "From", value: (r: Row) => fmtDate(r.first_seen) },
      { label: "To", value: (r: Row) => fmtDate(r.last_seen) },
      { label: "Events", value: (r: Row) => fmtNum(r.n_events), class: "num" },
    ], "No handset data.")),
    card("Linked numbers", table(d.links, [
      { label: "Link", value: (r: Row) => badge(r.link_type, "link") },
      { label: "Number", value: (r: Row) => phoneLink(r.number_a === d.number ? r.number_b : r.number_a) },
      { label: "Confidence", value: (r: Row) => scoreBar(r.confidence) },
      { label: "Why", value: (r: Row) => why(r.why) },
    ], "No shared handsets, SIMs or continuity.")),
    card("Top contacts", table(d.contacts, [
      { label: "Number", value: (r: Row) => phoneLink(r.other) },
      { label: "Role", value: (r: Row) => badge(r.role) },
      { label: "Calls", value: (r: Row) => fmtNum(r.calls), class: "num" },
      { label: "Texts", value: (r: Row) => fmtNum(r.texts), class: "num" },
      { label: "Outgoing", value: (r: Row) => fmtNum(r.outgoing), class: "num" },
      { label: "Period", value: (r: Row) => `${fmtDate(r.first)} – ${fmtDate(r.last)}` },
    ], "No calls or texts.")),
    card("Cell movements by day", table((d.movements || []).slice(0, 200), [
      { label: "Day", value: (r: Row) => fmtDate(r.day) },
      { label: "Cell", value: (r: Row) => r.cell_id },
      { label: "Area", value: (r: Row) => r.area },
      { label: "Events", value: (r: Row) => fmtNum(r.n), class: "num" },
    ], "No located events.")),
    card("Subscriber checks", table(d.subscriber || [], [
      { label: "Account", value: (r: Row) => badge(r.account_type, "flag") },
      { label: "Name", value: (r: Row) => r.subscriber_name },
      { label: "Address", value: (r: Row) => r.subscriber_address },
      { label: "Activated", value: (r: Row) => fmtDate(r.activated_on) },
    ], "No subscriber check.")),
    intelCard(d.intel || []),
  ));
}

export async function addressPage(parts: string[]): Promise<HTMLElement> {
  const d = await api.get<Row>("/addresses", { address: parts[0] });
  const ref = d.reference[0] || {};
  const c = d.cuckooing;
  return h("div", { class: "profile" },
    h("div", { class: "profile-head" },
      h("h1", null, d.address),
      h("div", { class: "badges" }, c?.cuckooed ? badge("cuckooed", "alert") : null, d.lines.length ? badge("trap house", "alert") : null, (ref.flags || []).map((f: string) => badge(f, "flag"))),
      kv([["Postcode", ref.postcode], ["UPRN", ref.uprn], ["Location", ref.lat ? `${fmtNum(ref.lat, 4)}, ${fmtNum(ref.lon, 4)}` : null], ["Cuckooing score", c ? scoreBar(c.cuckooing_score) : null]]),
      actions(`address:${d.address}`)),
    h("div", { class: "cards" },
      card("Cuckooing evidence", c ? why(c.why, "Evidence not shown to your role.") : empty("Not assessed.")),
      card("Residents on record", table(d.residents, [
        { label: "Person", value: (r: Row) => personLink(r.person_id, r.display_name) },
        { label: "DOB", value: (r: Row) => fmtDate(r.dob) },
      ], "Nobody recorded here.")),
      card("Deal lines using it", table(d.lines, [
        { label: "Line", value: (r: Row) => link(`#/line/${encodeURIComponent(r.line_id)}`, r.line_id) },
        { label: "Confidence", value: (r: Row) => scoreBar(r.confidence) },
        { label: "Why", value: (r: Row) => why(r.why, "Evidence not shown to your role.") },
      ], "Not linked to a line.")),
      card("Events here", table(d.events, [
        { label: "When", value: (r: Row) => fmtDate(r.occurred_at, true) },
        { label: "Event", value: (r: Row) => badge(r.event_type, "event") },
        { label: "Offence / outcome", value: (r: Row) => [r.offence, r.outcome].filter(Boolean).join(" — ") },
        { label: "Detail", value: (r: Row) => r.detail },
      ], "No events.")),
      isPolice() ? labelCard("cuckooed", d.address, { postcode: ref.postcode }) : null,
    ));
}
