// The chart's layouts besides ForceAtlas2: hierarchy by role and circles by line, then a pass
// that pushes overlapping nodes apart (graphology-layout, graphology-layout-noverlap).
import type Graph from "graphology";
import { circular } from "graphology-layout";
import noverlap from "graphology-layout-noverlap";

/** Top to bottom: who runs a line first, the people it exploits and its customers last. */
export const ROLE_TIERS: string[][] = [
  ["line", "deal_line", "controller"],
  ["runner", "associate"],
  ["trap", "trap_occupant", "cuckooed"],
  ["customer"],
];

export function tierOf(role: string | null | undefined, type: string): number {
  const i = ROLE_TIERS.findIndex((tier) => role && tier.includes(role));
  if (i >= 0) return i;
  if (type === "line") return 0;
  if (type === "address") return 2;
  return ROLE_TIERS.length; // no known role: the bottom row
}

function movable(graph: Graph, node: string): boolean {
  return !graph.getNodeAttribute(node, "fixed") && !graph.getNodeAttribute(node, "hidden");
}

/** Rows by role tier (top: lines and controllers), each ordered by line; a long tier wraps
 * onto several staggered rows so its labels have room. */
export function hierarchyByRole(graph: Graph, lineOf: (node: string) => string, perRow = 16): void {
  const tiers = new Map<number, string[]>();
  graph.forEachNode((node, a) => {
    if (!movable(graph, node)) return;
    const api = a.api as { role?: string | null; type: string } | undefined;
    const tier = tierOf(api?.role, (a.nodeType as string) || "other");
    (tiers.get(tier) || tiers.set(tier, []).get(tier)!).push(node);
  });
  const gapX = 12;
  const gapY = 5;
  let y = 0;
  for (const tier of [...tiers.keys()].sort((a, b) => a - b)) {
    const nodes = tiers.get(tier)!;
    nodes.sort((a, b) => lineOf(a).localeCompare(lineOf(b)) || a.localeCompare(b));
    const rows = Math.ceil(nodes.length / perRow);
    nodes.forEach((node, i) => {
      const row = i % rows;
      const col = Math.floor(i / rows);
      const width = Math.ceil(nodes.length / rows);
      graph.mergeNodeAttributes(node, { x: (col - (width - 1) / 2) * gapX + (row % 2 ? gapX / 2 : 0), y: y - row * gapY });
    });
    y -= rows * gapY + gapY * 3;
  }
}

/** One circle per line (nodes of no line share one), the circles themselves on a ring. */
export function circlesByLine(graph: Graph, lineOf: (node: string) => string): void {
  const groups = new Map<string, string[]>();
  graph.forEachNode((node) => {
    if (!movable(graph, node)) return;
    const line = lineOf(node);
    (groups.get(line) || groups.set(line, []).get(line)!).push(node);
  });
  const names = [...groups.keys()].sort();
  const radii = names.map((n) => Math.max(4, groups.get(n)!.length * 1.6));
  const ring = names.length > 1 ? radii.reduce((s, r) => s + r, 0) * 1.2 / Math.PI + Math.max(...radii) : 0;
  names.forEach((name, i) => {
    const angle = (2 * Math.PI * i) / names.length;
    const cx = Math.cos(angle) * ring;
    const cy = Math.sin(angle) * ring;
    const members = groups.get(name)!;
    const positions = circular(subgraph(graph, members), { scale: radii[i] });
    for (const node of members) graph.mergeNodeAttributes(node, { x: cx + positions[node].x, y: cy + positions[node].y });
  });
}

function subgraph(graph: Graph, nodes: string[]): Graph {
  const sub = graph.nullCopy() as Graph;
  for (const n of nodes) sub.addNode(n);
  return sub;
}

/**
 * Push overlapping discs apart (pinned nodes stay), leaving about ``roomPx`` pixels around
 * each node at the zoom that fits the whole chart in a ``viewPx``-pixel view, so labels fit.
 */
export function spreadOut(graph: Graph, viewPx = 600, roomPx = 14): void {
  if (graph.order < 2) return;
  const fixed = new Map<string, { x: number; y: number }>();
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  graph.forEachNode((n, a) => {
    if (a.fixed) fixed.set(n, { x: a.x as number, y: a.y as number });
    minX = Math.min(minX, a.x as number);
    maxX = Math.max(maxX, a.x as number);
    minY = Math.min(minY, a.y as number);
    maxY = Math.max(maxY, a.y as number);
  });
  const unitsPerPixel = Math.max(maxX - minX, maxY - minY, 1e-6) / viewPx;
  noverlap.assign(graph, {
    maxIterations: 200,
    inputReducer: (_key, a) => ({ x: a.x as number, y: a.y as number, size: ((a.size as number) || 4) * unitsPerPixel }),
    outputReducer: (_key, p) => ({ x: p.x, y: p.y }),
    settings: { margin: roomPx * unitsPerPixel, ratio: 1, expansion: 1.1 },
  });
  for (const [n, p] of fixed) graph.mergeNodeAttributes(n, p);
}
