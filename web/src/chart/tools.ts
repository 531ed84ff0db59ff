// The analyst's tools on a link chart: collapse, hide, delete, pin, group and ungroup, notes,
// paths between two nodes, replay in time and saving the chart's state.
import type Graph from "graphology";
import { bidirectional } from "graphology-shortest-path";
import { iconFor } from "./icons";
import type { ApiEdge, ApiNode, LinkChart } from "./linkchart";

type Attrs = Record<string, unknown>;
export interface GroupRecord {
  id: string;
  label: string;
  members: { id: string; attrs: Attrs }[];
  links: { source: string; target: string; attrs: Attrs }[];
}
export interface ChartState {
  version: 1;
  center: string | null;
  nodes: { id: string; attrs: Attrs }[];
  edges: { source: string; target: string; attrs: Attrs }[];
  groups: GroupRecord[];
  hiddenLinkTypes: string[];
}

/** Remove the nodes an expansion of ``node`` added that nothing else holds (not pinned). */
export function collapse(chart: LinkChart, node: string): number {
  const g = chart.graph;
  let removed = 0;
  for (const child of g.filterNodes((_n, a) => a.expandedFrom === node)) {
    if (!g.hasNode(child)) continue;
    removed += collapse(chart, child);
    const others = g.neighbors(child).filter((n) => n !== node);
    if (!others.length && !g.getNodeAttribute(child, "fixed") && child !== chart.center) {
      g.dropNode(child);
      chart.selection.delete(child);
      removed++;
    }
  }
  chart.afterChange(false);
  return removed;
}

export function setHidden(chart: LinkChart, nodes: string[], hidden: boolean): void {
  for (const n of nodes) if (chart.graph.hasNode(n)) chart.graph.setNodeAttribute(n, "hidden", hidden);
  if (hidden) nodes.forEach((n) => chart.selection.delete(n));
  chart.afterChange(false);
}

export function showAll(chart: LinkChart): number {
  const hidden = chart.graph.filterNodes((_n, a) => Boolean(a.hidden));
  setHidden(chart, hidden, false);
  return hidden.length;
}

export function remove(chart: LinkChart, nodes: string[]): void {
  for (const n of nodes) {
    if (chart.graph.hasNode(n)) chart.graph.dropNode(n);
    chart.selection.delete(n);
  }
  chart.selected = null;
  chart.afterChange(false);
}

export function togglePin(chart: LinkChart, nodes: string[]): boolean {
  const pin = !nodes.every((n) => chart.graph.getNodeAttribute(n, "fixed"));
  for (const n of nodes) chart.graph.setNodeAttribute(n, "fixed", pin);
  chart.onChange?.();
  return pin;
}

let counter = 0;
function freshId(kind: string): string {
  counter += 1;
  return `${kind}:${Date.now().toString(36)}${counter}`;
}

/** Replace ``nodes`` by one combined entity linked to all their outside neighbours. */
export function group(chart: LinkChart, nodes: string[], label: string): string {
  const g = chart.graph;
  const id = freshId("group");
  const record: GroupRecord = {
    id,
    label,
    members: nodes.map((n) => ({ id: n, attrs: { ...g.getNodeAttributes(n) } })),
    links: [],
  };
  const seen = new Set<string>();
  for (const n of nodes)
    g.forEachEdge(n, (e, attrs, s, t) => {
      if (!seen.has(e)) record.links.push({ source: s, target: t, attrs: { ...attrs } });
      seen.add(e);
    });
  const xs = record.members.map((m) => m.attrs.x as number);
  const ys = record.members.map((m) => m.attrs.y as number);
  const members = new Set(nodes);
  const api: ApiNode = { id, type: "group", key: id, label, members: record.members.map((m) => (m.attrs.api as ApiNode)?.label || m.id) };
  for (const n of nodes) g.dropNode(n);
  g.addNode(id, { label, color: "#455a64", nodeType: "group", image: iconFor("group"), pictoColor: "#ffffff", type: "icon", api, group: record, size: 10, x: xs.reduce((a, b) => a + b, 0) / xs.length, y: ys.reduce((a, b) => a + b, 0) / ys.length });
  for (const l of record.links) {
    const other = members.has(l.source) ? l.target : l.source;
    if (members.has(other) || !g.hasNode(other)) continue;
    const api = l.attrs.api as ApiEdge;
    if (g.hasEdge(id, other)) {
      const e = g.edge(id, other)!;
      const prev = g.getEdgeAttribute(e, "api") as ApiEdge;
      g.setEdgeAttribute(e, "api", { ...prev, count: (prev.count || 0) + (api?.count || 0) });
    } else g.addEdge(id, other, { ...l.attrs, api: { ...api, id: `${id}-${other}`, source: id, target: other } });
  }
  chart.selection.clear();
  chart.selection.add(id);
  chart.selected = id;
  chart.afterChange(false);
  return id;
}

/** Put a combined entity's members (and their links) back where they were. */
export function ungroup(chart: LinkChart, id: string): string[] {
  const g = chart.graph;
  const record = g.getNodeAttribute(id, "group") as GroupRecord | undefined;
  if (!record) return [];
  g.dropNode(id);
  for (const m of record.members) if (!g.hasNode(m.id)) g.addNode(m.id, m.attrs);
  for (const l of record.links)
    if (g.hasNode(l.source) && g.hasNode(l.target) && !g.hasEdge(l.source, l.target)) g.addEdge(l.source, l.target, l.attrs);
  chart.selection.clear();
  chart.selected = null;
  chart.afterChange(false);
  return record.members.map((m) => m.id);
}

/** A note on the chart: free, or attached to ``node`` by a dotted link. */
export function addNote(chart: LinkChart, text: string, node?: string | null): string {
  const g = chart.graph;
  const id = freshId("note");
  const at = node && g.hasNode(node) ? g.getNodeAttributes(node) : { x: 0, y: 0 };
  const short = text.length > 40 ? text.slice(0, 39) + "…" : text;
  g.addNode(id, { label: short, color: "#c9a227", nodeType: "note", image: iconFor("note"), pictoColor: "#ffffff", type: "icon", api: { id, type: "note", key: id, label: short, text }, size: 6, x: (at.x as number) + 3, y: (at.y as number) + 3, fixed: true });
  if (node && g.hasNode(node)) g.addEdge(id, node, { linkType: "note", color: "#c9a227", size: 1, api: { id: `${id}-link`, source: id, target: node, type: "note", label: "note" } });
  chart.afterChange(false);
  return id;
}

export function editNote(chart: LinkChart, id: string, text: string): void {
  const short = text.length > 40 ? text.slice(0, 39) + "…" : text;
  const api = chart.graph.getNodeAttribute(id, "api") as ApiNode;
  chart.graph.mergeNodeAttributes(id, { label: short, api: { ...api, label: short, text } });
  chart.onChange?.();
}

/** The shortest path between two nodes over what the chart shows, or null. */
export function pathBetween(chart: LinkChart, a: string, b: string): string[] | null {
  const g = chart.graph;
  const visible = g.copy() as Graph;
  visible.forEachNode((n, attrs) => {
    if (attrs.hidden || chart.timeHidden.has(n)) visible.dropNode(n);
  });
  visible.forEachEdge((e, attrs) => {
    if (chart.hiddenLinkTypes.has(attrs.linkType as string) || chart.timeHidden.has(e)) visible.dropEdge(e);
  });
  if (!visible.hasNode(a) || !visible.hasNode(b)) return null;
  return bidirectional(visible, a, b);
}

/** The first and last contact times of the chart's links (ms), or null when none is dated. */
export function timeRange(chart: LinkChart): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  chart.graph.forEachEdge((_e, a) => {
    const api = a.api as ApiEdge | undefined;
    const f = api?.first ? Date.parse(String(api.first)) : NaN;
    const l = api?.last ? Date.parse(String(api.last)) : f;
    if (!Number.isNaN(f)) lo = Math.min(lo, f);
    if (!Number.isNaN(l)) hi = Math.max(hi, l);
  });
  return lo <= hi ? [lo, hi] : null;
}

/**
 * Replay: show only the links first seen by ``until`` (ms; null shows everything) and the
 * nodes they reach; undated links and the centre stay. Returns the links shown.
 */
export function replayUntil(chart: LinkChart, until: number | null): number {
  const g = chart.graph;
  const hidden = new Set<string>();
  let shown = 0;
  if (until !== null) {
    g.forEachEdge((e, a) => {
      const api = a.api as ApiEdge | undefined;
      const f = api?.first ? Date.parse(String(api.first)) : NaN;
      if (!Number.isNaN(f) && f > until) hidden.add(e);
      else shown++;
    });
    g.forEachNode((n, a) => {
      if (n === chart.center || a.nodeType === "note" || a.fixed) return;
      if (g.degree(n) && g.edges(n).every((e) => hidden.has(e))) hidden.add(n);
    });
  } else shown = g.size;
  chart.timeHidden = hidden;
  chart.renderer.refresh();
  chart.publish();
  return shown;
}

/** The line a node belongs to: its own, else the most common among its neighbours. */
export function lineOf(graph: Graph, node: string): string {
  const own = (n: string): string | null => {
    const a = graph.getNodeAttributes(n);
    const api = a.api as ApiNode | undefined;
    if (api?.type === "line") return api.key;
    return (api?.line_id as string | undefined) || null;
  };
  const mine = own(node);
  if (mine) return mine;
  const votes = new Map<string, number>();
  for (const n of graph.neighbors(node)) {
    const l = own(n);
    if (l) votes.set(l, (votes.get(l) || 0) + 1);
  }
  const best = [...votes].sort((a, b) => b[1] - a[1])[0];
  return best ? best[0] : "~no line";
}

export function saveState(chart: LinkChart): ChartState {
  const g = chart.graph;
  return {
    version: 1,
    center: chart.center,
    nodes: g.mapNodes((id, a) => ({ id, attrs: { ...a, image: undefined } })),
    edges: g.mapEdges((_e, a, source, target) => ({ source, target, attrs: { ...a } })),
    groups: [],
    hiddenLinkTypes: [...chart.hiddenLinkTypes],
  };
}

export function restoreState(chart: LinkChart, state: ChartState): void {
  chart.clear();
  for (const n of state.nodes) chart.graph.addNode(n.id, { color: "#9aa5b1", size: 5, ...n.attrs, image: iconFor(String(n.attrs.nodeType || "other")), pictoColor: "#ffffff", type: "icon" });
  for (const e of state.edges) if (chart.graph.hasNode(e.source) && chart.graph.hasNode(e.target) && !chart.graph.hasEdge(e.source, e.target)) chart.graph.addEdge(e.source, e.target, e.attrs);
  chart.center = state.center;
  chart.setHiddenLinkTypes(new Set(state.hiddenLinkTypes || []));
  chart.afterChange(false);
}
