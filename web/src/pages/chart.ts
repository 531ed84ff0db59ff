import * as api from "../api";
import { clear, h } from "../dom";
import { LINK_COLOURS, RELATIONSHIP_COLOURS, ROLE_COLOURS, TYPE_COLOURS, isRelationship, linkColour } from "../chart/colours";
import { exportControl } from "../exports";
import { LinkChart, killWhenDetached, whenAttached, type ApiGraph } from "../chart/linkchart";
import * as tools from "../chart/tools";
import { circlesByLine, hierarchyByRole, spreadOut } from "../chart/layouts";
import { chartSvg, download } from "../chart/svgexport";
import { iconFor } from "../chart/icons";
import { downloadAsPNG } from "@sigma/export-image";
import { edgeDetails, nodeDetails } from "./chartDetails";
import { READABLE_NODES, guardPanel } from "./chartGuard";

const BASE_TYPES = ["call", "continuity", "shared_imei", "shared_imsi", "uses", "lives_at", "line_number", "line_role", "trap_house", "handset"];
const SHAPES = ["person", "phone", "line", "address", "vehicle", "handset", "group", "note"];

function swatch(colour: string, cls = "dot"): HTMLElement {
  const sw = h("span", { class: cls });
  sw.style.background = colour;
  return sw;
}

function legend(): HTMLElement {
  const item = (colour: string, label: string) => h("span", { class: "legend-item" }, swatch(colour), label.replace(/_/g, " "));
  const shape = (t: string) => {
    const img = h("img", { src: iconFor(t), alt: "", class: "legend-icon" });
    img.style.background = TYPE_COLOURS[t] || "#9aa5b1";
    return h("span", { class: "legend-item" }, img, t);
  };
  return h(
    "div",
    { class: "legend" },
    h("strong", null, "Roles: "),
    ["deal_line", "controller", "runner", "trap", "customer"].map((r) => item(ROLE_COLOURS[r], r)),
    item("#f4b400", "safeguarding"),
    h("strong", null, " Shapes: "),
    SHAPES.map(shape),
  );
}

export async function chartPage(_parts: string[], params: URLSearchParams): Promise<HTMLElement> {
  const start = params.get("entity") || "";
  const entityInput = h("input", { id: "chart-entity", value: start, placeholder: "phone:+447700900123, person:P1, line:L1, address:…", "aria-label": "Start from" });
  const depth = h("select", { id: "chart-depth", "aria-label": "Hops from the centre" }, h("option", { value: "1" }, "1 hop"), h("option", { value: "2" }, "2 hops"), h("option", { value: "3" }, "3 hops"));
  const maxNodes = h("select", { id: "chart-max", "aria-label": "Most nodes to fetch" }, ["1000", "5000"].map((n) => h("option", { value: n }, `fetch ≤ ${n} nodes`)));
  const from = h("input", { type: "date", id: "chart-from", "aria-label": "From" });
  const to = h("input", { type: "date", id: "chart-to", "aria-label": "To" });
  const status = h("span", { class: "muted", id: "chart-status", "aria-live": "polite" }, "Start from any entity; double-click a node to expand it.");
  const details = h("aside", { class: "chart-details", id: "chart-details", "aria-label": "Details of the selection" }, h("p", { class: "muted" }, "Select a node or a link to read about it."));
  const canvas = h("div", { class: "chart-canvas", id: "chart-canvas" });
  const guardSlot = h("div", { class: "chart-guard-slot" });

  const chart = new LinkChart(canvas, {
    node: () => showSelection(),
    expand: (id) => void load(id, true),
    edge: (_id, e) => {
      clear(details);
      details.append(edgeDetails(chart, e));
    },
    stage: () => showSelection(),
  });
  killWhenDetached(chart, canvas);
  chart.onPick = (id) => {
    chart.select(id);
    showSelection();
  };

  // link types: the known ones, and relationships as they arrive (coloured, filterable)
  const typeBox = (t: string) => {
    const box = h("input", { type: "checkbox", value: t, checked: !chart.hiddenLinkTypes.has(t), "data-type": t });
    box.addEventListener("change", () => {
      if (box.checked) chart.hiddenLinkTypes.delete(t);
      else chart.hiddenLinkTypes.add(t);
      chart.setHiddenLinkTypes(new Set(chart.hiddenLinkTypes));
      chart.publish();
    });
    return h("label", { class: "chip" }, box, swatch(linkColour(t), "line-swatch"), t.replace(/_/g, " "));
  };
  const baseChips = h("div", { class: "chips", role: "group", "aria-label": "Link types" }, h("strong", null, "Links: "), BASE_TYPES.map(typeBox));
  const relationChips = h("div", { class: "chips", id: "chart-relationships", role: "group", "aria-label": "Relationships" });
  const seenRelations = new Set<string>();
  function noteRelations(): void {
    chart.graph.forEachEdge((_e, a) => {
      const t = String(a.linkType);
      if (isRelationship(t) && t !== "note" && !seenRelations.has(t)) {
        seenRelations.add(t);
        if (!relationChips.childNodes.length) relationChips.append(h("strong", null, "Relationships: "));
        relationChips.append(typeBox(t));
      }
    });
  }
  void RELATIONSHIP_COLOURS;
  void LINK_COLOURS;

  function serverTypes(): string | null {
    if (![...chart.hiddenLinkTypes].some((t) => BASE_TYPES.includes(t))) return null; // all: the server's default
    return [...BASE_TYPES, ...seenRelations].filter((t) => !chart.hiddenLinkTypes.has(t)).join(",");
  }

  async function load(entity: string, expandOnly = false): Promise<void> {
    if (!entity) return;
    status.textContent = "Loading…";
    try {
      const asked = { entity, types: serverTypes(), from: from.value, to: to.value, depth: expandOnly ? 1 : depth.value, max_nodes: maxNodes.value, per_node: Number(maxNodes.value) >= 5000 ? 200 : 100 };
      const data = await api.get<ApiGraph>("/graph/neighbours", asked);
      const onChart = new Set(expandOnly ? chart.graph.nodes() : []);
      const total = new Set([...onChart, ...data.nodes.map((n) => n.id)]).size;
      if (total > READABLE_NODES) {
        status.textContent = `An expansion of ${total} nodes is waiting for filters.`;
        clear(guardSlot);
        guardSlot.append(guardPanel(data, data.center || entity, onChart, (d) => { clear(guardSlot); draw(d, entity, expandOnly); }, () => { clear(guardSlot); status.textContent = "Expansion cancelled."; }));
        (guardSlot.querySelector("#guard-min") as HTMLElement | null)?.focus();
        return;
      }
      draw(data, entity, expandOnly);
    } catch (err) {
      status.textContent = (err as Error).message;
    }
  }

  function draw(data: ApiGraph, entity: string, expandOnly: boolean): void {
    if (!expandOnly) {
      chart.clear();
      chart.center = data.center || entity;
    }
    const added = chart.merge(data, expandOnly ? entity : undefined);
    if (expandOnly && chart.graph.hasNode(entity)) chart.graph.setNodeAttribute(entity, "expanded", true);
    noteRelations();
    if (!expandOnly) {
      chart.select(chart.center && chart.graph.hasNode(chart.center) ? chart.center : null);
      window.setTimeout(() => chart.fit(), 400);
    }
    resetTime();
    showSelection();
    status.textContent = `${chart.graph.order} nodes, ${chart.graph.size} links${added ? ` (+${added})` : ""}${data.truncated ? " — cut to the best-linked nodes" : ""}`;
  }

  // --- actions on the selection -------------------------------------------------------------
  const picked = () => [...chart.selection].filter((n) => chart.graph.hasNode(n));
  const act = (label: string, id: string, fn: () => void, enabled = true) => h("button", { type: "button", class: "small", id, disabled: !enabled, on: { click: fn } }, label);
  function actionBar(): HTMLElement {
    const sel = picked();
    const one = sel.length === 1 ? sel[0] : null;
    const isGroup = one && chart.graph.getNodeAttribute(one, "nodeType") === "group";
    const isNote = one && chart.graph.getNodeAttribute(one, "nodeType") === "note";
    return h(
      "div",
      { class: "actions chart-actions" },
      act("Expand", "act-expand", () => one && void load(one, true), Boolean(one) && !isGroup && !isNote),
      act("Collapse", "act-collapse", () => { if (one) status.textContent = `Collapsed: ${tools.collapse(chart, one)} nodes removed.`; showSelection(); }, Boolean(one)),
      act("Hide", "act-hide", () => { tools.setHidden(chart, sel, true); status.textContent = `Hidden: ${sel.length}. “Show hidden” brings them back.`; showSelection(); }, sel.length > 0),
      act("Delete", "act-delete", () => { tools.remove(chart, sel); status.textContent = `Deleted ${sel.length} from the chart.`; showSelection(); }, sel.length > 0),
      act(sel.length && sel.every((n) => chart.graph.getNodeAttribute(n, "fixed")) ? "Unpin" : "Pin", "act-pin", () => { tools.togglePin(chart, sel); showSelection(); }, sel.length > 0),
      act("Group", "act-group", () => { const name = groupName.value.trim() || `Group of ${sel.length}`; tools.group(chart, sel, name); showSelection(); }, sel.length > 1),
      act("Ungroup", "act-ungroup", () => { if (one) tools.ungroup(chart, one); showSelection(); }, Boolean(isGroup)),
      act("Show paths between", "act-paths", () => void pathsBetween(sel[0], sel[1]), sel.length === 2),
    );
  }
  const groupName = h("input", { id: "group-name", placeholder: "Name for a group", "aria-label": "Name for a group" });
  const noteText = h("textarea", { id: "note-text", rows: 2, placeholder: "Note text", "aria-label": "Note text" });

  function showSelection(): void {
    clear(details);
    const sel = picked();
    refreshPicker();
    if (sel.length === 1) details.append(nodeDetails(chart, sel[0], actionBar()));
    else if (sel.length > 1) details.append(h("div", { id: "chart-detail", class: "chart-detail" }, h("h2", { class: "detail-title" }, `${sel.length} selected`), h("p", { class: "detail-sentence" }, sel.map((n) => String(chart.graph.getNodeAttribute(n, "label"))).join(", ") + "."), actionBar()));
    else details.append(h("p", { class: "muted", id: "chart-detail" }, "Select a node or a link to read about it; shift-click (or “Add to selection”) to select more."));
    const sole = sel.length === 1 && chart.graph.getNodeAttribute(sel[0], "nodeType") === "note" ? sel[0] : null;
    details.append(
      h("div", { class: "chart-notes" }, h("h3", null, sole ? "Edit the note" : "Notes and groups"), noteText,
        h("div", { class: "actions" },
          sole
            ? act("Save note", "note-save", () => { tools.editNote(chart, sole, noteText.value.trim()); showSelection(); })
            : act(sel.length === 1 ? "Add note to the selection" : "Add free note", "note-add", () => { const text = noteText.value.trim(); if (!text) return; const id = tools.addNote(chart, text, sel.length === 1 ? sel[0] : null); noteText.value = ""; chart.select(id); showSelection(); }),
        ),
        groupName),
    );
    if (sole) noteText.value = String((chart.graph.getNodeAttribute(sole, "api") as { text?: string }).text || "");
  }

  async function pathsBetween(a: string, b: string): Promise<void> {
    const label = (x: string) => String(chart.graph.getNodeAttribute(x, "label"));
    let path = tools.pathBetween(chart, a, b);
    if (!path) {
      status.textContent = "No path on the chart; asking the case store…";
      const res = await api.get<ApiGraph & { found: boolean; order: string[] }>("/graph/path", { from: a, to: b });
      if (!res.found) {
        status.textContent = `No path between ${label(a)} and ${label(b)} within six links.`;
        return;
      }
      chart.merge(res, a);
      path = res.order;
    }
    chart.highlight(path);
    chart.publish();
    status.textContent = `Shortest path, ${path.length - 1} link${path.length === 2 ? "" : "s"}: ${path.map(label).join(" → ")}`;
  }

  // --- node picker: keyboard selection ------------------------------------------------------
  const picker = h("select", { id: "chart-node-pick", "aria-label": "Node to select" });
  function refreshPicker(): void {
    const current = picker.value;
    clear(picker);
    const ids = chart.graph.filterNodes((_n, a) => !a.hidden).sort((x, y) => String(chart.graph.getNodeAttribute(x, "label")).localeCompare(String(chart.graph.getNodeAttribute(y, "label"))));
    picker.append(h("option", { value: "" }, `Nodes on the chart (${ids.length})`), ...ids.map((id) => h("option", { value: id }, `${chart.graph.getNodeAttribute(id, "label")} (${chart.graph.getNodeAttribute(id, "nodeType")})`)));
    picker.value = ids.includes(current) ? current : "";
  }
  const pickRow = h(
    "div",
    { class: "row" },
    picker,
    h("button", { type: "button", id: "pick-select", on: { click: () => { if (picker.value) { chart.select(picker.value); showSelection(); } } } }, "Select"),
    h("button", { type: "button", id: "pick-add", on: { click: () => { if (picker.value) { chart.select(picker.value, !chart.selection.has(picker.value)); if (!chart.selection.has(picker.value)) chart.select(picker.value, true); showSelection(); } } } }, "Add to selection"),
    h("button", { type: "button", id: "show-hidden", on: { click: () => { status.textContent = `Shown again: ${tools.showAll(chart)}.`; showSelection(); } } }, "Show hidden"),
    h("button", { type: "button", id: "clear-highlight", on: { click: () => { chart.highlight([]); chart.publish(); } } }, "Clear highlight"),
  );

  // --- layouts ------------------------------------------------------------------------------
  const layoutSelect = h("select", { id: "chart-layout", "aria-label": "Layout" }, h("option", { value: "force" }, "Force (ForceAtlas2)"), h("option", { value: "hierarchy" }, "Hierarchy by role"), h("option", { value: "circles" }, "Circles by line"));
  function applyLayout(): void {
    const lineOf = (n: string) => tools.lineOf(chart.graph, n);
    chart.stopLayout();
    if (layoutSelect.value === "force") chart.runLayout(3000);
    else {
      if (layoutSelect.value === "hierarchy") hierarchyByRole(chart.graph, lineOf);
      else {
        circlesByLine(chart.graph, lineOf);
        const { width, height } = chart.renderer.getDimensions();
        spreadOut(chart.graph, Math.max(200, Math.min(width, height)));
      }
      canvas.dataset.layoutDone = String(Date.now());
    }
    canvas.dataset.layout = layoutSelect.value;
    window.setTimeout(() => chart.fit(), 100);
  }
  layoutSelect.addEventListener("change", applyLayout);

  // --- time replay --------------------------------------------------------------------------
  const slider = h("input", { type: "range", id: "chart-time", min: "0", max: "1000", value: "1000", "aria-label": "Replay contact up to" });
  const timeLabel = h("span", { id: "chart-time-label", class: "muted" }, "all contact");
  let playing = 0;
  function applyTime(): void {
    const range = tools.timeRange(chart);
    if (!range) {
      timeLabel.textContent = "no dated links";
      return;
    }
    const v = Number(slider.value);
    const until = v >= 1000 ? null : range[0] + ((range[1] - range[0]) * v) / 1000;
    const shown = tools.replayUntil(chart, until);
    timeLabel.textContent = until === null ? "all contact" : `up to ${new Date(until).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" })}: ${shown} links`;
  }
  function resetTime(): void {
    window.clearInterval(playing);
    slider.value = "1000";
    applyTime();
  }
  slider.addEventListener("input", applyTime);
  const play = h("button", { type: "button", id: "chart-play", on: { click: () => {
    window.clearInterval(playing);
    slider.value = "0";
    applyTime();
    playing = window.setInterval(() => {
      slider.value = String(Math.min(1000, Number(slider.value) + 25));
      applyTime();
      if (Number(slider.value) >= 1000) window.clearInterval(playing);
    }, 150);
  } } }, "▶ Replay");

  // --- saved charts, export, print ----------------------------------------------------------
  const chartName = h("input", { id: "chart-name", placeholder: "Chart name", "aria-label": "Chart name" });
  const savedList = h("select", { id: "chart-saved", "aria-label": "Saved charts" });
  const saveRow = h("div", { class: "row chart-save" });
  async function refreshSaved(): Promise<void> {
    const res = await api.get<{ data: { chart_id: string; name: string; owner: string; nodes: number }[]; may_save: boolean }>("/charts");
    clear(saveRow);
    if (!res.may_save) return;
    clear(savedList);
    savedList.append(h("option", { value: "" }, res.data.length ? "Saved charts…" : "No saved charts yet"), ...res.data.map((c) => h("option", { value: c.chart_id }, `${c.name} — ${c.owner}, ${c.nodes} nodes`)));
    saveRow.append(chartName, h("button", { type: "button", id: "chart-save", on: { click: () => void saveChart() } }, "Save chart"), savedList, h("button", { type: "button", id: "chart-open", on: { click: () => void openChart() } }, "Open"), h("button", { type: "button", id: "chart-delete", on: { click: () => void deleteChart() } }, "Delete saved"));
  }
  async function saveChart(): Promise<void> {
    const name = chartName.value.trim();
    if (!name) {
      status.textContent = "Give the chart a name to save it.";
      chartName.focus();
      return;
    }
    const saved = await api.post<{ name: string; nodes: number }>("/charts", { name, state: tools.saveState(chart) });
    status.textContent = `Saved “${saved.name}” (${saved.nodes} nodes).`;
    await refreshSaved();
  }
  async function openChart(): Promise<void> {
    if (!savedList.value) return;
    const res = await api.get<{ name: string; state: tools.ChartState }>(`/charts/${savedList.value}`);
    tools.restoreState(chart, res.state);
    noteRelations();
    for (const input of [...baseChips.querySelectorAll("input"), ...relationChips.querySelectorAll("input")]) (input as HTMLInputElement).checked = !chart.hiddenLinkTypes.has((input as HTMLInputElement).value);
    chartName.value = res.name;
    resetTime();
    showSelection();
    window.setTimeout(() => chart.fit(), 100);
    status.textContent = `Opened “${res.name}”: ${chart.graph.order} nodes, ${chart.graph.size} links.`;
  }
  async function deleteChart(): Promise<void> {
    if (!savedList.value) return;
    await api.del(`/charts/${savedList.value}`);
    status.textContent = "Saved chart deleted.";
    await refreshSaved();
  }
  const fileName = () => (chartName.value.trim() || "link-chart").replace(/[^\w-]+/g, "-");
  const exportRow = h(
    "div",
    { class: "row" },
    h("button", { type: "button", id: "export-png", on: { click: () => void downloadAsPNG(chart.renderer, { fileName: fileName(), backgroundColor: "#ffffff" }) } }, "PNG"),
    h("button", { type: "button", id: "export-svg", on: { click: () => download(`${fileName()}.svg`, new Blob([chartSvg(chart.renderer, chart.graph, chart.labels)], { type: "image/svg+xml" })) } }, "SVG"),
    h("button", { type: "button", id: "chart-print", on: { click: () => window.print() } }, "Print"),
    exportControl({ nodes: () => chart.graph.nodes().filter((n) => !/^(note|group):/.test(n)) }),
  );

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
    baseChips,
    relationChips,
    h("div", { class: "row" }, layoutSelect, h("button", { type: "button", on: { click: applyLayout } }, "Re-layout"), h("button", { type: "button", on: { click: () => chart.fit() } }, "Fit"), play, slider, timeLabel),
    pickRow,
    saveRow,
    exportRow,
  );
  chart.onChange = () => chart.publish();
  const page = h("div", { class: "chart-page" }, h("h1", null, "Link chart"), toolbar, legend(), h("div", { class: "chart-status" }, status), guardSlot, h("div", { class: "chart-body" }, canvas, details));
  whenAttached(canvas, () => {
    chart.renderer.resize();
    chart.renderer.refresh();
    void refreshSaved();
    showSelection();
    if (start) void load(start);
  });
  return page;
}
