// Watchlists and alerts: watch a number, plate, person, address, line or search; every import
// and analysis run checks the watches, and what changed arrives here as an alert with its
// evidence. Alerts resting on sources your role may not see never reach this page.
import * as api from "../api";
import { badge, card, clear, fmtDate, h, link, table } from "../dom";

type Row = Record<string, any>;

const KIND_LABELS: Record<string, string> = {
  phone: "Phone number",
  plate: "Vehicle plate",
  person: "Person id",
  address: "Address or postcode",
  line: "Line id",
  search: "Search words",
};

function subjectLink(kind: string, value: string): HTMLElement | string {
  if (kind === "phone") return link(`#/phone/${encodeURIComponent(value)}`, value);
  if (kind === "person") return link(`#/person/${encodeURIComponent(value)}`, value);
  if (kind === "line") return link(`#/line/${encodeURIComponent(value)}`, value);
  if (kind === "address") return link(`#/address?address=${encodeURIComponent(value)}`, value);
  if (kind === "plate") return link(`#/map?vrm=${encodeURIComponent(value)}`, value);
  return link(`#/search?q=${encodeURIComponent(value)}`, value);
}

function evidenceList(items: Row[]): HTMLElement {
  return h(
    "ul",
    { class: "evidence" },
    items.slice(0, 8).map((e) => h("li", null, `${e.table}${e.key ? " " + e.key : ""}${e.batch ? " (batch " + e.batch + ", row " + e.row + ")" : ""}`)),
    items.length > 8 ? h("li", { class: "muted" }, `and ${items.length - 8} more`) : null,
  );
}

export async function watchesPage(): Promise<HTMLElement> {
  const status = h("p", { class: "muted", role: "status" });
  const watchList = h("div", null);
  const alertList = h("div", null);
  const kind = h("select", { id: "watch-kind", "aria-label": "What to watch" }, Object.entries(KIND_LABELS).map(([k, label]) => h("option", { value: k }, label)));
  const value = h("input", { id: "watch-value", "aria-label": "Value to watch", placeholder: "07700 900123, AB12 CDE, P…, L…, a postcode, or words", required: true });
  const note = h("input", { id: "watch-note", "aria-label": "Note", placeholder: "Why (optional)" });

  const refresh = async (): Promise<void> => {
    const [w, a] = await Promise.all([api.get<{ watches: Row[] }>("/watches"), api.get<{ alerts: Row[] }>("/alerts")]);
    clear(watchList);
    watchList.append(
      table(
        w.watches,
        [
          { label: "Kind", value: (r: Row) => KIND_LABELS[r.kind] || r.kind },
          { label: "Watching", value: (r: Row) => subjectLink(r.kind, r.value) },
          { label: "Since", value: (r: Row) => fmtDate(r.created_at, true) },
          { label: "Alerts", value: (r: Row) => String(r.alerts), class: "num" },
          { label: "Note", value: (r: Row) => r.note || "" },
          {
            label: "",
            value: (r: Row) =>
              h(
                "button",
                {
                  type: "button",
                  class: "secondary",
                  "aria-label": `Stop watching ${r.value}`,
                  on: {
                    click: async () => {
                      await api.post(`/watches/${encodeURIComponent(r.watch_id)}/remove`);
                      status.textContent = `Stopped watching ${r.value}.`;
                      await refresh();
                    },
                  },
                },
                "Stop",
              ),
          },
        ],
        "You watch nothing yet.",
      ),
    );
    clear(alertList);
    alertList.append(
      table(
        a.alerts,
        [
          { label: "When", value: (r: Row) => fmtDate(r.created_at, true) },
          { label: "Watch", value: (r: Row) => h("span", null, badge(r.kind, "type-address"), " ", subjectLink(r.kind, r.value)) },
          { label: "What happened", value: (r: Row) => r.reason },
          { label: "Evidence", value: (r: Row) => evidenceList(r.evidence || []) },
          { label: "Run", value: (r: Row) => r.run_id || (r.batch_id ? `import batch ${r.batch_id}` : "") },
        ],
        "No alerts. They appear here after an import or analysis run touches something you watch.",
      ),
    );
  };

  const form = h(
    "form",
    {
      class: "inline-form",
      on: {
        submit: async (e: Event) => {
          e.preventDefault();
          try {
            const added = await api.post<Row>("/watches", { kind: kind.value, value: value.value.trim(), note: note.value.trim() || null });
            status.textContent = `Watching ${added.value}.`;
            value.value = "";
            note.value = "";
            await refresh();
          } catch (err) {
            status.textContent = String((err as Error).message || err);
          }
        },
      },
    },
    kind,
    value,
    note,
    h("button", { type: "submit" }, "Watch"),
  );
  await refresh();
  return h(
    "div",
    null,
    h("h1", null, "Watchlist and alerts"),
    h("p", { class: "muted" }, "Only what later imports and analysis runs add raises an alert; what is already known when you add a watch does not. Reading alerts is audited."),
    card("Watch something", form, status),
    card("Alerts", alertList),
    card("Your watches", watchList),
  );
}
