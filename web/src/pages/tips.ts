import * as api from "../api";
import { badge, entityHref, fmtDate, h, link } from "../dom";

type Row = Record<string, any>;

const STATES: [string, string][] = [["new", "New"], ["read", "Read"], ["actioned", "Actioned"], ["no_further_action", "No further action"]];

function chips(t: Row): HTMLElement {
  const list: Row[] = t.entities || [];
  return h("div", { class: "tip-entities" },
    h("p", { class: "muted tip-status" }, `Extraction: ${t.extraction_status}`),
    t.address ? h("p", null, h("strong", null, "Address: "), t.address) : null,
    list.length
      ? h("ul", { class: "chips plain", "aria-label": "Entities found" }, list.map((c) =>
          h("li", { class: `chip-entity entity-${c.kind}` }, h("small", null, String(c.kind).replace(/_/g, " ")), " ", c.entity ? link(entityHref(c.entity), c.text) : c.text)))
      : null);
}

function triage(t: Row): HTMLElement {
  const status = h("span", { class: "muted", "aria-live": "polite" }, t.triage_by ? `set by ${t.triage_by} ${fmtDate(t.triage_at, true)}` : "");
  const select = h("select", { "aria-label": `Triage state of tip ${t.tip_id}`, class: "triage-state" },
    STATES.map(([value, label]) => h("option", { value, selected: value === t.triage_state }, label)));
  select.addEventListener("change", async () => {
    try {
      const r = await api.post<Row>(`/tips/${encodeURIComponent(t.tip_id)}/triage`, { state: select.value });
      status.textContent = `set by ${r.set_by} just now`;
    } catch (err) {
      status.textContent = `not saved: ${(err as Error).message}`;
    }
  });
  return h("div", { class: "tip-triage" }, h("label", null, "Triage ", select), " ", status);
}

export async function tipsPage(_parts: string[], params: URLSearchParams): Promise<HTMLElement> {
  const state = params.get("state") || "";
  const page = Math.max(0, Number(params.get("page") || 0));
  const size = 25;
  const d = await api.get<{ tips: Row[]; total: number; states: Record<string, number> }>("/tips", { state: state || null, limit: size, offset: page * size });
  const shownOf = state ? d.states[state] || 0 : d.total;
  const href = (s: string, p = 0) => `#/tips?${new URLSearchParams({ ...(s ? { state: s } : {}), ...(p ? { page: String(p) } : {}) })}`;
  return h(
    "div",
    null,
    h("h1", null, "Tips inbox"),
    h("p", { class: "muted" }, `${d.total} tips. Public web tips arrive from /tip with no IP address, device or cookie recorded.`),
    h("nav", { class: "tabs", "aria-label": "Triage state" },
      h("a", { href: href(""), "aria-current": state ? null : "page" }, `All (${d.total})`),
      STATES.map(([value, label]) => h("a", { href: href(value), "aria-current": state === value ? "page" : null }, `${label} (${d.states[value] || 0})`))),
    h("div", { class: "tips" },
      d.tips.length
        ? d.tips.map((t) => h("article", { class: "tip card" },
            h("header", null, h("strong", null, t.tip_id), " ", badge(t.channel || "unknown", "flag"), " ", badge(String(t.triage_state).replace(/_/g, " "), "triage"), h("span", { class: "muted" }, ` received ${fmtDate(t.received_at, true)}`)),
            h("p", { class: "tip-text" }, t.text), chips(t), triage(t)))
        : h("p", { class: "empty" }, "No tips."),
    ),
    h("p", { class: "pager" },
      page > 0 ? link(href(state, page - 1), "Newer") : null, " ",
      (page + 1) * size < shownOf ? link(href(state, page + 1), "Older") : null,
      h("span", { class: "muted" }, ` ${shownOf ? page * size + 1 : 0}–${Math.min(shownOf, (page + 1) * size)} of ${shownOf}`)),
  );
}
