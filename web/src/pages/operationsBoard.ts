// The operation board: addresses on a map and in lists grouped by force, risk flags with their
// evidence, the status of each address on the day, exports, and (operationsRecord.ts) outcomes.
import "leaflet/dist/leaflet.css";
import L from "leaflet";
import * as api from "../api";
import { badge, card, clear, empty, h, link, personLink, phoneDisplay, table, textContent } from "../dom";
import { whenAttached } from "../chart/linkchart";
import { role } from "../session";
import { APPROVERS, PLANNERS, statusBadge, ukTime } from "./operations";
import { recordSection } from "./operationsRecord";

type Row = Record<string, any>;

const DAY = ["planned", "en_route", "entered", "secured", "searching", "complete", "aborted"];
const DAY_COLOUR: Record<string, string> = {
  planned: "#5c7c99", en_route: "#f4b400", entered: "#d7263d", secured: "#d7263d",
  searching: "#d7263d", complete: "#2e7d32", aborted: "#222222",
};

export async function operationPage(parts: string[]): Promise<HTMLElement> {
  const id = parts[0];
  const root = h("div", { class: "operation-board" });
  const load = async () => {
    const p = await api.get<Row>(`/operations/${encodeURIComponent(id)}`);
    clear(root);
    root.append(...(await board(p, load)));
  };
  await load();
  return root;
}

function evidenceLine(e: Row): string {
  const bits: string[] = [];
  if (e.kind === "event") bits.push(`${String(e.event_type || "event").replace(/_/g, " ")} on ${e.date}`);
  else if (e.kind === "intel") bits.push(e.report_id ? `intelligence ${e.report_id} of ${e.date}, graded ${e.grade}` : `${e.note || "intelligence"} of ${e.date}`);
  else if (e.kind === "marker") bits.push(`marker '${e.flag}' on the person's records`);
  else if (e.kind === "age") bits.push(`aged ${e.age}`);
  else if (e.kind === "exploitation") bits.push(`flagged for safeguarding (risk ${e.exploitation_risk})`);
  else if (e.kind === "cuckooing") bits.push(`assessed as cuckooed (score ${e.cuckooing_score})`);
  else if (e.kind === "address_flag") bits.push(`address flag ${e.flag}`);
  for (const k of ["offence", "seized", "text"]) if (e[k]) bits.push(`${k}: ${e[k]}`);
  if (e.person_id) bits.push(`person ${e.person_id}`);
  if (e.counts === false) bits.push("(context only: does not count)");
  return bits.join("; ");
}

function flagBadges(a: Row): HTMLElement {
  return h("div", { class: "badges" }, a.risk_flags.map((f: Row) => badge(f.flag.replace(/_/g, " "), ["children", "vulnerable_adults", "cuckooed_victim"].includes(f.flag) ? "flag" : "alert")));
}

async function board(p: Row, reload: () => Promise<void>): Promise<HTMLElement[]> {
  const op = p.operation;
  const partner = role() === "partner";
  const planner = PLANNERS.includes(role());
  const approver = APPROVERS.includes(role());
  const out = h("div", { class: "op-messages" });
  const act = async (path: string, body: unknown = {}) => {
    clear(out);
    try {
      await api.post(`/operations/${encodeURIComponent(op.operation_id)}${path}`, body);
      await reload();
    } catch (err) {
      out.append(h("p", { class: "error" }, (err as Error).message));
    }
  };
  const base = `/api/operations/${encodeURIComponent(op.operation_id)}/export`;
  const exports = [
    h("a", { href: `${base}?format=html`, download: "", id: "op-export-html" }, partner ? "Package (HTML)" : "Full package (HTML)"),
    h("a", { href: `${base}?format=pdf`, download: "", id: "op-export-pdf" }, partner ? "Package (PDF)" : "Full package (PDF)"),
    ...(partner ? [] : p.forces.map((f: Row) => h("a", { href: `${base}?format=pdf&force=${encodeURIComponent(f.force)}`, download: "" }, `${f.force} part (sanitised PDF)`))),
  ];
  const buttons: HTMLElement[] = [];
  if (approver && op.status === "draft") buttons.push(h("button", { class: "primary", id: "op-approve", on: { click: () => void act("/approve") } }, "Approve plan"));
  if (approver && op.status === "executed") buttons.push(h("button", { id: "op-close", on: { click: () => void act("/status", { status: "closed" }) } }, "Close operation"));
  const head = h(
    "div",
    { class: "profile-head" },
    h("h1", null, `${op.name} (${op.operation_id})`),
    h("div", { class: "badges" }, statusBadge(op.status), p.sanitised ? badge(`sanitised for ${p.force}`, "flag") : null, p.changed_since_approval ? badge("data changed since approval", "alert") : null),
    h("div", { class: "kv-inline" }, `Planned ${ukTime(op.planned_at)} · entry window ${op.entry_window_min} min` + (op.approved_at ? ` · approved ${ukTime(op.approved_at)}${op.approved_by ? " by " + op.approved_by : ""}` : "")),
    p.notice ? h("p", { class: "muted" }, p.notice) : null,
    h("div", { class: "actions" }, ...exports, ...buttons),
    out,
  );
  const warnings = p.warnings.length
    ? card("Simultaneity", ...p.warnings.map((w: Row) => h("p", { class: "error op-warning" }, w.message)))
    : null;
  const checks = (p.checks || []).length ? h("p", { class: "muted" }, `Not checked: ${p.checks.join("; ")}.`) : null;
  const groups = p.forces.map((f: Row) => {
    const rows = p.addresses.filter((a: Row) => f.address_ids.includes(a.address_id));
    return card(
      `${f.force} — ${rows.length} address${rows.length === 1 ? "" : "es"}${f.uncertain ? " (force to confirm)" : ""}`,
      table(rows, [
        { label: "Id", value: (a: Row) => h("a", { href: `#/operation/${encodeURIComponent(op.operation_id)}?address=${a.address_id}`, on: { click: (e: Event) => { e.preventDefault(); document.getElementById(`addr-${a.address_id}`)?.setAttribute("open", ""); document.getElementById(`addr-${a.address_id}`)?.scrollIntoView(); } } }, a.address_id) },
        { label: "Address", value: (a: Row) => `${a.address} ${a.postcode || ""}` },
        { label: "Entry", value: (a: Row) => ukTime(a.entry_at) },
        { label: "Risk flags", value: (a: Row) => flagBadges(a) },
        { label: "People", value: (a: Row) => String(a.occupants.length), class: "num" },
        { label: "Safeguard", value: (a: Row) => String(a.safeguarding_plan.length), class: "num" },
        { label: "On the day", value: (a: Row) => dayStatus(a, planner && ["approved", "executed"].includes(op.status), (s) => act(`/addresses/${a.address_id}/status`, { status: s })) },
      ]),
    );
  });
  const details = card("Warrant packages", ...p.addresses.map((a: Row) => addressDetails(a)));
  const people = partner ? null : card("People in the plan", table(p.people, [
    { label: "Person", value: (r: Row) => personLink(r.person_id, r.name) },
    { label: "As", value: (r: Row) => badge(r.kind, r.kind === "safeguard" ? "flag" : "alert") },
    { label: "Age", value: (r: Row) => (r.age === null || r.age === undefined ? "" : String(r.age)) },
    { label: "Roles", value: (r: Row) => (r.line_roles || []).map((x: Row) => `${x.role.replace(/_/g, " ")} of ${x.line_id}`).join(", ") },
    { label: "Why", value: (r: Row) => r.reason || r.source },
  ], "Nobody in the plan."));
  const extra = partner ? [] : await recordSection(op, p);
  return [head, warnings, checks, mapCard(p), ...groups, details, people, ...extra].filter(Boolean) as HTMLElement[];
}

function dayStatus(a: Row, editable: boolean, set: (s: string) => Promise<void>): HTMLElement {
  if (!editable) return badge((a.day_status || "planned").replace(/_/g, " "), "link")!;
  const select = h("select", { class: "day-status", "data-address": a.address_id, "aria-label": `Status of ${a.address_id}` }, DAY.map((s) => h("option", { value: s, selected: s === a.day_status }, s.replace(/_/g, " "))));
  select.addEventListener("change", () => void set(select.value));
  return select;
}

function addressDetails(a: Row): HTMLElement {
  return h(
    "details",
    { id: `addr-${a.address_id}`, class: "card" },
    h("summary", null, h("strong", null, `${a.address_id}. ${a.address} ${a.postcode || ""}`), ` — ${a.force}`, a.force_uncertain ? " (confirm force)" : "", " ", flagBadges(a)),
    h("h3", null, "Risk flags"),
    a.risk_flags.length
      ? h("ul", null, a.risk_flags.map((f: Row) => h("li", null, h("strong", null, f.label), h("ul", null, f.evidence.map((e: Row) => h("li", null, evidenceLine(e)))))))
      : empty("None found in the data (this is not an all-clear)."),
    h("h3", null, "People"),
    table(a.occupants, [
      { label: "Name", value: (o: Row) => personLink(o.person_id, o.name) },
      { label: "Age", value: (o: Row) => (o.age === null || o.age === undefined ? "" : String(o.age)) },
      { label: "Status", value: (o: Row) => badge(o.status, ["victim", "child: safeguard", "safeguard"].includes(o.status) ? "flag" : o.status === "target" ? "alert" : "link") },
      { label: "Why linked", value: (o: Row) => o.links.join("; ") },
      { label: "Phones", value: (o: Row) => o.phones.map(phoneDisplay).join(", ") },
      { label: "Photo", value: () => h("span", { class: "muted" }, "officer to attach") },
    ], "Nobody known to be linked to the address."),
    h("h3", null, "Look for"),
    h("ul", null,
      a.look_for.phones.map((ph: Row) => h("li", null, link(`#/phone/${encodeURIComponent(ph.number)}`, phoneDisplay(ph.number)), ` (${ph.why.join(", ")})`, ph.imeis.length ? ` IMEI ${ph.imeis.join(", ")}` : "")),
      a.look_for.items.map((i: string) => h("li", null, i))),
    h("h3", null, "Safeguarding plan"),
    table(a.safeguarding_plan, [
      { label: "Person", value: (s: Row) => personLink(s.person_id, s.name) },
      { label: "Category", value: (s: Row) => badge(s.category, "flag") },
      { label: "Why", value: (s: Row) => s.reasons.join("; ") },
      { label: "Attending", value: () => h("span", { class: "muted" }, "officer to complete") },
      { label: "Referral pack", value: (s: Row) => (s.referral_pack.api ? h("a", { href: s.referral_pack.api, download: "" }, "Referral pack") : s.referral_pack.available ? "ready (lead force)" : "not available") },
    ], "Nobody identified who needs safeguarding (check on arrival)."),
  );
}

function mapCard(p: Row): HTMLElement {
  const located = p.addresses.filter((a: Row) => a.lat !== null && a.lat !== undefined);
  const el = h("div", { class: "map", id: "op-map" });
  el.style.height = "360px";
  el.style.minHeight = "300px";
  whenAttached(el, () => {
    const map = L.map(el, { preferCanvas: true, attributionControl: false, zoomSnap: 0.25 });
    const bounds: L.LatLngExpression[] = [];
    for (const a of located) {
      const colour = DAY_COLOUR[a.day_status || "planned"] || "#5c7c99";
      L.circleMarker([a.lat, a.lon], { radius: 9, color: colour, weight: 3, fillOpacity: 0.75 })
        // DOM nodes, not strings: Leaflet would insert a string as HTML
        .bindTooltip(textContent(`${a.address_id} · ${(a.day_status || "planned").replace(/_/g, " ")}`), { permanent: true, direction: "top" })
        .bindPopup(textContent(`${a.address_id} ${a.address} (${a.force})${a.risk_flags.length ? " — " + a.risk_flags.map((f: Row) => f.flag.replace(/_/g, " ")).join(", ") : ""}`))
        .on("click", () => document.getElementById(`addr-${a.address_id}`)?.setAttribute("open", ""))
        .addTo(map);
      bounds.push([a.lat, a.lon]);
    }
    if (bounds.length) map.fitBounds(L.latLngBounds(bounds).pad(0.4), { maxZoom: 14 });
    else map.setView([52.5, -1.5], 6);
  });
  const missing = p.addresses.length - located.length;
  return card("Map", el, h("p", { class: "muted" }, `Colour shows the status on the day (grey planned, amber en route, red entered/searching, green complete).${missing ? ` ${missing} address${missing === 1 ? " has" : "es have"} no coordinates in the reference data.` : ""}`));
}
