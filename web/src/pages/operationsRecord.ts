// The operation's record: outcome form, results, the name-free summary, reconciliation with a
// published press release, and the after-action review.
import * as api from "../api";
import { badge, card, clear, empty, fmtNum, h, phoneDisplay, table } from "../dom";
import { role } from "../session";
import { PLANNERS, ukTime } from "./operations";

type Row = Record<string, any>;

const OFFENCE = "on suspicion of being concerned in the supply of Class A drugs";

function field(id: string, placeholder: string, extra: Record<string, string> = {}): HTMLInputElement {
  return h("input", { id, placeholder, "aria-label": placeholder, ...extra });
}

function select(id: string, label: string, options: [string, string][]): HTMLSelectElement {
  return h("select", { id, "aria-label": label }, options.map(([v, t]) => h("option", { value: v }, t)));
}

export async function recordSection(op: Row, p: Row): Promise<HTMLElement[]> {
  if (!PLANNERS.includes(role())) return [];
  const id = encodeURIComponent(op.operation_id);
  const cards: HTMLElement[] = [];
  if (["approved", "executed"].includes(op.status)) cards.push(outcomeForm(op, p));
  if (["executed", "closed"].includes(op.status)) {
    const [results, summary] = await Promise.all([api.get<Row>(`/operations/${id}/results`), api.get<Row>(`/operations/${id}/summary`)]);
    cards.push(resultsCard(results.data), card("Summary (for a press release)", h("p", { id: "op-summary" }, summary.text), h("p", { class: "muted" }, "Written from the recorded outcomes only. No names: adults arrested by age, sex and town; children and victims only in counts.")));
    cards.push(reconcileCard(op), afterCard(op));
  }
  return cards;
}

function outcomeForm(op: Row, p: Row): HTMLElement {
  const msg = h("div", null);
  const address = select("rec-address", "Address", p.addresses.map((a: Row) => [a.address_id, `${a.address_id} ${a.address}`]));
  const when = field("rec-when", "Entered at (UK time)", { type: "datetime-local" });
  const people = new Map<string, string>();
  for (const a of p.addresses) for (const o of a.occupants) people.set(o.person_id, `${o.name || o.person_id} (${o.person_id})`);
  const person = select("rec-person", "Person", [...people.entries()]);
  const outcome = select("rec-outcome", "Outcome", [["arrested", "arrested"], ["both", "arrested and safeguarded"], ["safeguarded", "safeguarded"]]);
  const offence = field("rec-offence", "Offence wording", { value: OFFENCE });
  const disposal = select("rec-disposal", "Disposal", [["", "in custody / not yet"], ["charged", "charged"], ["released_under_investigation", "released under investigation"], ["no_further_action", "no further action"], ["bail", "bail"]]);
  const referral = field("rec-referral", "Referral made (e.g. NRM referral, children's social care)");
  const item = select("rec-item", "Item", [["cash", "cash"], ["drug", "drug"], ["weapon", "weapon"], ["phone", "phone"], ["vehicle", "vehicle"], ["other", "other"]]);
  const value = field("rec-value", "Amount (£) / drug name / weapon / number / plate");
  const drugClass = select("rec-class", "Drug class", [["", "class"], ["A", "Class A"], ["B", "Class B"], ["C", "Class C"]]);
  const quantity = field("rec-qty", "Quantity", { type: "number", step: "any" });
  const unit = field("rec-unit", "Unit (g, wraps)");
  const imei = field("rec-imei", "IMEI (phones)");
  const send = async (doc: Row) => {
    clear(msg);
    try {
      const r = await api.post<Row>(`/operations/${encodeURIComponent(op.operation_id)}/results`, doc);
      msg.append(h("p", { class: "ok" }, `Recorded ${r.results} result(s) (batch ${r.batch_id}). Reload the page to see the summary.`));
    } catch (err) {
      msg.append(h("p", { class: "error" }, (err as Error).message));
    }
  };
  const warrant = (extra: Row) => ({ warrants: [{ address_id: address.value, ...(when.value ? { entered_at: when.value } : {}), ...extra }] });
  const addPerson = () => {
    const arrested = outcome.value !== "safeguarded";
    const safeguarded = outcome.value !== "arrested";
    void send(warrant({ people: [{ person_id: person.value, arrested, safeguarded, ...(arrested ? { offence: offence.value, disposal: disposal.value || null } : {}), ...(safeguarded ? { referral: referral.value || null } : {}) }] }));
  };
  const addItem = () => {
    const v = value.value.trim();
    const s: Row = { item_type: item.value };
    if (item.value === "cash") s.value_gbp = v;
    else if (item.value === "drug") Object.assign(s, { drug_name: v, drug_class: drugClass.value || null, quantity: quantity.value ? Number(quantity.value) : null, unit: unit.value || null });
    else if (item.value === "phone") Object.assign(s, { number: v, imei: imei.value || null });
    else if (item.value === "vehicle") s.vrm = v;
    else s.description = v;
    void send(warrant({ seizures: [s] }));
  };
  const paste = h("textarea", { id: "rec-json", rows: "4", placeholder: '{"warrants": [{"address_id": "A1", "people": [...], "seizures": [...]}]}' });
  paste.style.width = "100%";
  const sendJson = () => {
    try {
      void send(JSON.parse(paste.value));
    } catch (err) {
      clear(msg);
      msg.append(h("p", { class: "error" }, `Not JSON: ${(err as Error).message}`));
    }
  };
  return card(
    "Record outcomes",
    h("div", { class: "row" }, address, when, h("button", { id: "rec-warrant", on: { click: () => void send(warrant({ entered_at: when.value || null })) } }, "Warrant executed")),
    h("h3", null, "A person"),
    h("div", { class: "row" }, person, outcome, disposal),
    h("div", { class: "row" }, offence, referral, h("button", { class: "primary", id: "rec-person-add", on: { click: addPerson } }, "Record person")),
    h("h3", null, "An item seized"),
    h("div", { class: "row" }, item, value, drugClass, quantity, unit, imei, h("button", { class: "primary", id: "rec-item-add", on: { click: addItem } }, "Record item")),
    h("details", null, h("summary", null, "Paste a whole outcomes document (JSON)"), paste, h("button", { on: { click: sendJson } }, "Record document")),
    msg,
  );
}

function resultsCard(rows: Row[]): HTMLElement {
  return card("Recorded outcomes", table(rows, [
    { label: "Address", value: (r) => r.address_id },
    { label: "What", value: (r) => badge(r.kind === "person" ? (r.arrested ? "arrest" : "safeguarded") : r.kind === "seizure" ? r.item_type : "warrant", r.kind === "person" ? "alert" : "link") },
    { label: "Who / item", value: (r) => r.person_id || r.ref || [r.drug_name, r.drug_class ? `Class ${r.drug_class}` : "", r.description, r.number ? phoneDisplay(r.number) : "", r.imei ? `IMEI ${r.imei}` : "", r.vrm].filter(Boolean).join(" ") },
    { label: "Detail", value: (r) => [r.offence, r.disposal?.replace(/_/g, " "), r.safeguarded ? `safeguarded${r.referral ? ": " + r.referral : ""}` : "", r.value_gbp ? `£${fmtNum(r.value_gbp)}` : "", r.quantity ? `${r.quantity}${r.unit || ""}` : ""].filter(Boolean).join("; ") },
    { label: "When", value: (r) => ukTime(r.occurred_at) },
    { label: "By", value: (r) => r.recorded_by },
  ], "Nothing recorded yet."));
}

function reconcileCard(op: Row): HTMLElement {
  const text = h("textarea", { id: "rc-text", rows: "5", placeholder: "Paste the published press release here" });
  text.style.width = "100%";
  const article = field("rc-article", "…or an ingested article id");
  const out = h("div", { id: "rc-out" });
  const run = async () => {
    clear(out);
    out.append(h("p", { class: "muted" }, "Reading the release…"));
    try {
      const r = await api.post<Row>(`/operations/${encodeURIComponent(op.operation_id)}/reconcile`, article.value.trim() ? { article_id: article.value.trim() } : { text: text.value });
      clear(out);
      out.append(table([...r.differences, ...r.matches], [
        { label: "Field", value: (i: Row) => i.field.replace(/_/g, " ") },
        { label: "Release says", value: (i: Row) => (i.release === null ? "—" : String(i.release)) },
        { label: "Record holds", value: (i: Row) => (i.record === null ? "—" : String(i.record)) },
        { label: "", value: (i: Row) => badge(i.status.replace(/_/g, " "), i.status === "match" ? "type-address" : i.status === "conflict" ? "alert" : "flag") },
        { label: "Note", value: (i: Row) => i.note },
      ], "Nothing to compare."));
    } catch (err) {
      clear(out);
      out.append(h("p", { class: "error" }, (err as Error).message));
    }
  };
  return card("Reconcile a published release", text, h("div", { class: "row" }, article, h("button", { class: "primary", id: "rc-run", on: { click: () => void run() } }, "Compare with the record")), out);
}

function afterCard(op: Row): HTMLElement {
  const days = field("af-days", "Days after", { type: "number", min: "1", value: "14" });
  days.style.maxWidth = "8rem";
  const out = h("div", { id: "af-out" });
  const run = async () => {
    clear(out);
    try {
      const r = await api.get<Row>(`/operations/${encodeURIComponent(op.operation_id)}/after`, { days: days.value || 14 });
      clear(out);
      if (!r.data_covers_window) out.append(h("p", { class: "muted" }, `Communications data ends ${ukTime(r.data_until)}, before the end of the window: silence cannot be confirmed yet.`));
      out.append(
        h("p", null, `Targets arrested: ${r.targets_arrested} of ${r.targets.length}.`),
        r.lines.length ? table(r.lines, [
          { label: "Line", value: (l: Row) => l.line_id },
          { label: "Status", value: (l: Row) => badge(l.status, l.status === "silent" ? "type-address" : "alert") },
          { label: "Events before / after", value: (l: Row) => `${l.events_before ?? ""} / ${l.events_after ?? ""}` },
          { label: "New numbers", value: (l: Row) => (l.new_numbers || []).map((n: Row) => `${n.number} (${n.basis})`).join(", ") },
          { label: "Fragmentation", value: (l: Row) => (l.disruption && l.disruption.before !== undefined ? `${fmtNum(l.disruption.before, 2)} → ${fmtNum(l.disruption.after, 2)}` : "") },
        ]) : empty("No lines linked to the operation."),
        h("p", { class: "muted" }, r.caution),
      );
    } catch (err) {
      out.append(h("p", { class: "error" }, (err as Error).message));
    }
  };
  return card("After the operation", h("div", { class: "row" }, days, h("button", { class: "primary", id: "af-run", on: { click: () => void run() } }, "Review")), out);
}
