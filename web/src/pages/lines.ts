import * as api from "../api";
import { badge, card, clear, empty, fmtDate, fmtNum, h, link, personLink, phoneDisplay, phoneLink, scoreBar, table } from "../dom";
import { displayScore, why } from "../explain";
import { dailyBars, periods } from "../charts";
import { LinkChart, killWhenDetached, whenAttached } from "../chart/linkchart";
import { role } from "../session";
import { exportControl } from "../exports";
import { labelCard } from "./labels";

type Row = Record<string, any>;

/** A card across the whole row of cards (tables with an explanation column need the room). */
function wide(el: HTMLElement): HTMLElement {
  el.classList.add("wide");
  return el;
}

export async function linesPage(): Promise<HTMLElement> {
  const d = await api.get<{ lines: Row[] }>("/lines");
  return h(
    "div",
    null,
    h("h1", null, "Deal lines"),
    h("p", { class: "muted" }, "Detected deal lines, strongest first. A line keeps its identity across number and handset swaps."),
    table(
      d.lines,
      [
        { label: "Line", value: (r) => link(`#/line/${encodeURIComponent(r.line_id)}`, r.line_id) },
        { label: "#", value: (r) => r.display?.rank ?? "", class: "num" },
        { label: "Score", value: (r) => displayScore(r.display) },
        { label: "Current number", value: (r) => (r.current_number ? phoneLink(r.current_number) : "") },
        { label: "Numbers", value: (r) => fmtNum(r.numbers.length), class: "num" },
        { label: "People", value: (r) => Object.entries(r.people as Record<string, number>).filter(([k]) => k !== "customer").map(([k, v]) => `${v} ${k.replace(/_/g, " ")}`).join(", ") },
        { label: "Active", value: (r) => `${fmtDate(r.first_seen)} – ${fmtDate(r.last_seen)}` },
      ],
      "No lines detected yet (run the analysis).",
    ),
  );
}

export async function linePage(parts: string[]): Promise<HTMLElement> {
  const id = parts[0];
  const d = await api.get<Row>(`/lines/${encodeURIComponent(id)}`);
  const line = d.line;
  const canvas = h("div", { class: "chart-canvas small", id: "line-network" });
  const chart = new LinkChart(canvas, { node: (nid) => (location.hash = `#/chart?entity=${encodeURIComponent(nid)}`) });
  killWhenDetached(chart, canvas);
  whenAttached(canvas, () => {
    chart.renderer.resize();
    chart.merge(d.network);
    window.setTimeout(() => chart.fit(), 600);
  });
  const page = h(
    "div",
    { class: "profile" },
    h(
      "div",
      { class: "profile-head" },
      h("h1", null, `Line ${line.line_id}`),
      h("div", { class: "badges" }, badge("deal line", "alert")),
      h("div", { class: "kv-inline" }, "Score ", scoreBar(line.score), ` · active ${fmtDate(line.first_seen)} – ${fmtDate(line.last_seen)} · ${d.numbers.length} numbers · ${fmtNum(d.customers)} customer numbers`),
      h("div", { class: "actions" }, link(`#/chart?entity=${encodeURIComponent("line:" + line.line_id)}`, "Open in link chart"), link(`#/timeline?entity=${encodeURIComponent("line:" + line.line_id)}`, "Timeline"), exportControl({ line: line.line_id })),
    ),
    h(
      "div",
      { class: "cards" },
      card("Numbers over time", periods(d.numbers.map((n: Row) => ({ label: phoneDisplay(n.number), first: n.first_seen, last: n.last_seen }))), dailyBars(d.activity.map((a: Row) => ({ ...a, number: phoneDisplay(a.number) })))),
      card("Why this is a deal line", why(line.why)),
      wide(card("People and roles", table(d.people, [
        { label: "Person", value: (r: Row) => personLink(r.person_id, r.display_name) },
        { label: "Role", value: (r: Row) => badge(r.role) },
        { label: "Confidence", value: (r: Row) => scoreBar(r.confidence) },
        { label: "Safeguarding", value: (r: Row) => (r.safeguarding_flag ? badge("safeguarding concern", "alert") : "") },
        { label: "Why", value: (r: Row) => why(r.why, "Evidence not shown to your role.") },
      ], "No people attributed yet."))),
      card("Phones and roles", table(d.phones, [
        { label: "Number", value: (r: Row) => phoneLink(r.number) },
        { label: "Role", value: (r: Row) => badge(r.role) },
        { label: "Person", value: (r: Row) => (r.person_id ? personLink(r.person_id, r.display_name ? `${r.display_name} (${r.person_id})` : r.person_id) : "") },
      ])),
      wide(card("Trap houses", table(d.trap_addresses, [
        { label: "Address", value: (r: Row) => h("span", null, link(`#/address/${encodeURIComponent(r.address)}`, r.address), (r.variants || []).length > 1 ? h("span", { class: "muted" }, ` (also written ${r.variants.filter((v: string) => v !== r.address).join("; ")})`) : null) },
        { label: "Postcode", value: (r: Row) => r.postcode },
        { label: "Confidence", value: (r: Row) => scoreBar(r.confidence) },
        { label: "Why", value: (r: Row) => why(r.why, "Evidence not shown to your role.") },
      ], "No trap address identified."))),
      card("Network", canvas, h("p", { class: "muted" }, "Click a node to open it in the link chart.")),
      ["admin", "supervisor", "analyst"].includes(role()) ? disruptionCard(line.line_id, d.people) : null,
      ["admin", "supervisor", "analyst", "safeguarding"].includes(role()) ? labelCard("line", line.line_id) : null,
    ),
  );
  return page;
}

function disruptionCard(lineId: string, people: Row[]): HTMLElement {
  const boxes = people.map((p) => h("label", { class: "chip" }, h("input", { type: "checkbox", value: p.person_id }), `${p.display_name || p.person_id} (${String(p.role).replace(/_/g, " ")})`));
  const out = h("div", { class: "whatif-result" });
  const run = async () => {
    const ids = boxes.map((b) => b.querySelector("input")!).filter((i) => i.checked).map((i) => i.value);
    clear(out);
    if (!ids.length) {
      out.append(empty("Choose at least one person."));
      return;
    }
    try {
      const r = await api.post<Row>(`/lines/${encodeURIComponent(lineId)}/disruption`, { person_ids: ids });
      out.append(
        h("div", { class: "whatif" },
          h("div", null, h("div", { class: "big-number" }, fmtNum(r.fragmentation_before, 2)), "fragmentation now"),
          h("div", { class: "arrow" }, "→"),
          h("div", null, h("div", { class: "big-number" }, fmtNum(r.fragmentation_after, 2)), "after removing them")),
        h("p", { class: "muted" }, `${r.numbers_before} → ${r.numbers_after} numbers. ${r.method}. 0 = everyone still reachable, 1 = fully broken up. Networks recover: compare options, don't predict.`),
      );
    } catch (err) {
      out.append(h("p", { class: "error" }, (err as Error).message));
    }
  };
  return card("Disruption what-if", people.length ? h("div", null, h("div", { class: "chips" }, boxes), h("button", { class: "primary", id: "whatif-run", on: { click: () => void run() } }, "Compare"), out) : empty("No people on this line to remove."));
}
