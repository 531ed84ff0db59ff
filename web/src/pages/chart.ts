import * as api from "../api";
import { append, badge, clear, entityHref, fmtDate, h, jsonView, kv, link } from "../dom";
import { LINK_COLOURS, ROLE_COLOURS, TYPE_COLOURS } from "../chart/colours";
import { exportControl } from "../exports";
import { LinkChart, killWhenDetached, whenAttached, type ApiEdge, type ApiGraph, type ApiNode } from "../chart/linkchart";

const LINK_TYPES = ["call", "continuity", "shared_imei", "shared_imsi", "uses", "lives_at", "line_number", "line_role", "trap_house", "handset"];

function legend(): HTMLElement {
  const item = (colour: string, label: string, cls = "dot") => {
    const sw = h("span", { class: cls });
    sw.style.background = colour;
    return h("span", { class: "legend-item" }, sw, label.replace(/_/g, " "));
  };
  return h(
    "div",
    { class: "legend" },
    h("strong", null, "Roles: "),
    ["deal_line", "controller", "runner", "trap", "customer"].map((r) => item(ROLE_COLOURS[r], r)),
    item("#f4b400", "safeguarding"),
    h("strong", null, " Types: "),
    ["person", "address", "handset"].map((t) => item(TYPE_COLOURS[t], t)),
  );
}

export async function chartPage(_parts: string[], params: URLSearchParams): Promise<HTMLElement> {
  const start = params.get("entity") || "";
  const entityInput = h("input", { id: "chart-entity", value: start, placeholder: "phone:+447700900123, person:P1, line:L1, address:…" });
  const depth = h("select", { id: "chart-depth", "aria-label": "Hops from the centre" }, h("option", { value: "1" }, "1 hop"), h("option", { value: "2" }, "2 hops"), h("option", { value: "3" }, "3 hops"));
  const maxNodes = h("select", { id: "chart-max", "aria-label": "Most nodes to show" }, ["300", "1000", "5000"].map((n) => h("option", { value: n }, `≤ ${n} nodes`)));
  const from = h("input", { type: "date", id: "chart-from", "aria-label": "From" });
  const to = h("input", { type: "date", id: "chart-to", "aria-label": "To" });
  const typeBoxes = LINK_TYPES.map((t) => {
    const box = h("input", { type: "checkbox", value: t, checked: true });
    const sw = h("span", { class: "line-swatch" });
    sw.style.background = LINK_COLOURS[t];
    return h("label", { class: "chip" }, box, sw, t.replace(/_/g, " "));
  });
  const pathTo = h("input", { id: "path-to", placeholder: "Path to… (e.g. person:P3)" });
  const ordered = h("input", { type: "checkbox", id: "path-ordered" });
  const status = h("span", { class: "muted", id: "chart-status" }, "Start from any entity; double-click a node to expand it.");
  const details = h("aside", { class: "chart-details" }, h("p", { class: "muted" }, "Click a node or a link to see its details and evidence."));
  const canvas = h("div", { class: "chart-canvas", id: "chart-canvas" });

  const chart = new LinkChart(canvas, {
    node: (_id, n) => showNode(n),
    expand: (id) => void load(id, true),
    edge: (_id, e) => showEdge(e),
  });
  killWhenDetached(chart, canvas);

  function types(): string {
    return typeBoxes.map((l) => l.querySelector("input")!).filter((i) => i.checked).map((i) => i.value).join(",");
  }

  function queryParams(entity: string): Record<string, string> {
    // a bigger chart asks for more contacts per number, so the extra room is filled by breadth
    const perNode = Number(maxNodes.value) >= 5000 ? "200" : Number(maxNodes.value) >= 1000 ? "100" : "50";
    return { entity, types: types(), from: from.value, to: to.value, depth: depth.value, max_nodes: maxNodes.value, per_node: perNode };
  }

  async function load(entity: string, expandOnly = false): Promise<void> {
    if (!entity) return;
    status.textContent = "Loading…";
    try {
      const data = await api.get<ApiGraph>("/graph/neighbours", expandOnly ? { ...queryParams(entity), depth: 1 } : queryParams(entity));
      if (!expandOnly) chart.clear();
      const added = chart.merge(data, entity);
      if (!expandOnly) {
        chart.selected = data.center || null;
        window.setTimeout(() => chart.fit(), 400);
      }
      status.textContent = `${chart.graph.order} nodes, ${chart.graph.size} links${added ? ` (+${added})` : ""}${data.truncated ? " — cut to the best-linked nodes" : ""}`;
    } catch (err) {
      status.textContent = (err as Error).message;
    }
  }

  function showNode(n: ApiNode): void {
    clear(details);
    details.append(
      h("h3", null, n.label),
      h("div", { class: "badges" }, badge(n.type, "type-" + n.type), badge(n.role || null), n.safeguarding ? badge("safeguarding", "alert") : null),
      kv([["Id", n.key], ["Score", n.score !== undefined && n.score !== null ? String(Math.round(Number(n.score) * 100) / 100) : null], ["Links", String(chart.graph.degree(n.id))]]),
      h(
        "div",
        { class: "actions" },
        h("button", { class: "primary small", on: { click: () => void load(n.id, true) } }, "Expand"),
        link(entityHref(n.id), "Open profile"),
        h("button", { class: "small", on: { click: () => { pathFrom = n.id; status.textContent = `Path from ${n.label}: enter the other end and press Find path.`; } } }, "Path from here"),
      ),
    );
  }

  function showEdge(e: ApiEdge): void {
    clear(details);
    const s = chart.graph.getNodeAttribute(e.source, "label");
    const t = chart.graph.getNodeAttribute(e.target, "label");
    append(details, [
      h("h3", null, `${s} — ${t}`),
      h("div", { class: "badges" }, badge(e.type, "link")),
      h("p", { class: "evidence" }, e.label),
      kv([["First", fmtDate(e.first, true)], ["Last", fmtDate(e.last, true)], ["Count", e.count ? String(e.count) : null]]),
      e.evidence ? h("div", null, h("h4", null, "Evidence"), jsonView(e.evidence)) : null,
    ]);
  }

  let pathFrom = "";
  async function findPath(): Promise<void> {
    const a = pathFrom || chart.selected || entityInput.value.trim();
    const b = pathTo.value.trim();
    if (!a || !b) {
      status.textContent = "Choose a start (select a node) and enter the other end.";
      return;
    }
    status.textContent = "Searching for a path…";
    try {
      const res = await api.get<ApiGraph & { found: boolean; hops: number; order: string[] }>("/graph/path", { from: a, to: b, types: types(), ordered: ordered.checked, after: from.value, before: to.value });
      if (!res.found) {
        status.textContent = "No path found within six links.";
        return;
      }
      chart.merge(res, a);
      chart.highlight(res.order);
      status.textContent = `Path of ${res.hops} link${res.hops === 1 ? "" : "s"}: ${res.order.map((id) => chart.graph.getNodeAttribute(id, "label")).join(" → ")}`;
    } catch (err) {
      status.textContent = (err as Error).message;
    }
  }

  for (const l of typeBoxes) {
    l.querySelector("input")!.addEventListener("change", () => {
      const hidden = new Set(typeBoxes.map((x) => x.querySelector("input")!).filter((i) => !i.checked).map((i) => i.value));
      chart.setHiddenLinkTypes(hidden);
    });
  }

  const toolbar = h(
    "form",
    {
      class: "chart-toolbar",
      on: {
        submit: (e: Event) => {
          e.preventDefault();
          const entity = entityInput.value.trim();
          history.replaceState(null, "", `#/chart?entity=${encodeURIComponent(entity)}`);
          void load(entity);
        },
      },
    },
    h("div", { class: "row" }, entityInput, depth, maxNodes, h("label", null, "From ", from), h("label", null, "to ", to), h("button", { type: "submit", class: "primary" }, "Load")),
    h("div", { class: "chips" }, typeBoxes),
    h(
      "div",
      { class: "row" },
      pathTo,
      h("label", { class: "chip" }, ordered, "time-ordered (calls only)"),
      h("button", { type: "button", on: { click: () => void findPath() } }, "Find path"),
      h("button", { type: "button", on: { click: () => { chart.highlight([]); pathFrom = ""; } } }, "Clear highlight"),
      h("button", { type: "button", on: { click: () => chart.runLayout(3000) } }, "Re-layout"),
      h("button", { type: "button", on: { click: () => chart.fit() } }, "Fit"),
      exportControl({ nodes: () => chart.graph.nodes() }),
    ),
  );
  const page = h("div", { class: "chart-page" }, h("h1", null, "Link chart"), toolbar, legend(), h("div", { class: "chart-status" }, status), h("div", { class: "chart-body" }, canvas, details));
  whenAttached(canvas, () => {
    chart.renderer.resize();
    chart.renderer.refresh();
    if (start) void load(start);
  });
  return page;
}
