// The link chart: graphology + sigma (WebGL) with ForceAtlas2 in a web worker.
// Stays smooth at thousands of nodes: rendering is WebGL and the layout never blocks the page.
// Analyst tools (hide, delete, pin, group, notes, time replay) are in ./tools.ts.
import Graph from "graphology";
import Sigma from "sigma";
import { EdgeLineProgram, NodeCircleProgram, createNodeCompoundProgram } from "sigma/rendering";
import { createNodeImageProgram } from "@sigma/node-image";
import forceAtlas2 from "graphology-layout-forceatlas2";
import FA2Layout from "graphology-layout-forceatlas2/worker";
import { linkColour, nodeColour } from "./colours";
import { iconFor } from "./icons";
import { boxAt, placeLabels, type LabelBox } from "./labels";
import { spreadOut } from "./layouts";

export interface ApiNode {
  id: string;
  type: string;
  key: string;
  label: string;
  role?: string | null;
  score?: number | null;
  safeguarding?: boolean;
  [k: string]: unknown;
}
export interface ApiEdge {
  id: string;
  source: string;
  target: string;
  type: string;
  subtype?: string | null;
  label: string | null;
  count?: number;
  first?: string | null;
  last?: string | null;
  [k: string]: unknown;
}
export interface ApiGraph {
  nodes: ApiNode[];
  edges: ApiEdge[];
  center?: string;
  truncated?: boolean;
}
export interface ChartHandlers {
  node?: (id: string, data: ApiNode) => void;
  expand?: (id: string) => void;
  edge?: (id: string, data: ApiEdge) => void;
  stage?: () => void;
}

/** Above this many links the chart hides links and labels while the camera moves. */
export const BIG_CHART_LINKS = 2000;
/** How often a big chart shows the positions its background layout has reached. */
const LAYOUT_COPY_MS = 1500;

export class LinkChart {
  graph = new Graph({ type: "undirected", multi: false, allowSelfLoops: false });
  renderer: Sigma;
  private layout: FA2Layout | null = null;
  private stopTimer = 0;
  private copyTimer = 0;
  private labelTimer = 0;
  private dragged: string | null = null;
  center: string | null = null;
  selected: string | null = null;
  selection = new Set<string>();
  highlighted = new Set<string>();
  hiddenLinkTypes = new Set<string>();
  /** nodes and links out of the time window being replayed */
  timeHidden = new Set<string>();
  labels = new Map<string, LabelBox>();
  onChange: (() => void) | null = null;
  /** select a node from outside the canvas (details panel, node picker) */
  onPick: ((id: string) => void) | null = null;

  constructor(private container: HTMLElement, handlers: ChartHandlers = {}) {
    const drawLabel = (ctx: CanvasRenderingContext2D, data: { key?: string; label: string | null; x: number; y: number; size: number }, settings: { labelSize: number; labelFont: string; labelWeight: string }) => {
      if (!data.label) return;
      const size = settings.labelSize;
      ctx.font = `${settings.labelWeight} ${size}px ${settings.labelFont}`;
      const w = ctx.measureText(data.label).width;
      const b = boxAt(this.labels.get(data.key || "")?.side || "right", data.x, data.y, data.size, w, size);
      ctx.fillStyle = "rgba(255,255,255,0.8)";
      ctx.fillRect(b.x - 1, b.y, b.w + 2, b.h);
      ctx.fillStyle = "#1b2430";
      ctx.fillText(data.label, b.x, b.y + size * 0.85);
    };
    const icon = createNodeCompoundProgram(
      [NodeCircleProgram, createNodeImageProgram({ drawingMode: "color", colorAttribute: "pictoColor", padding: 0.22, keepWithinCircle: true })],
      drawLabel as never,
    );
    this.renderer = new Sigma(this.graph, container, {
      allowInvalidContainer: true,
      renderEdgeLabels: false,
      enableEdgeEvents: true,
      labelRenderedSizeThreshold: Number.POSITIVE_INFINITY, // labels come from placeLabels
      labelDensity: 0.7,
      labelGridCellSize: 120,
      labelFont: "Arial, sans-serif",
      defaultEdgeColor: "#c9d3de",
      defaultNodeType: "icon",
      nodeProgramClasses: { icon },
      // "thin": one-pixel links, much cheaper to draw than the default quads (big charts)
      edgeProgramClasses: { thin: EdgeLineProgram },
      zIndex: true,
      nodeReducer: (node, data) => {
        const res: Record<string, unknown> = { ...data, forceLabel: this.labels.has(node) };
        if (this.timeHidden.has(node)) res.hidden = true;
        if (this.highlighted.size && !this.highlighted.has(node)) {
          res.color = "#e3e8ee";
          res.label = "";
          res.zIndex = 0;
        } else res.zIndex = 1;
        if (this.selection.has(node) || node === this.selected) {
          res.highlighted = true;
          res.zIndex = 2;
        }
        return res as typeof data;
      },
      edgeReducer: (edge, data) => {
        const type = this.graph.getEdgeAttribute(edge, "linkType") as string;
        if (!this.highlighted.size && !this.hiddenLinkTypes.has(type) && !this.timeHidden.has(edge)) return data;
        const res: Record<string, unknown> = { ...data };
        if (this.hiddenLinkTypes.has(type) || this.timeHidden.has(edge)) res.hidden = true;
        if (this.highlighted.size) {
          const [s, t] = this.graph.extremities(edge);
          if (this.highlighted.has(s) && this.highlighted.has(t)) {
            res.color = "#d7263d";
            res.size = 3;
          } else res.color = "#eef1f4";
        }
        return res as typeof data;
      },
    });
    this.renderer.on("clickNode", ({ node, event }) => {
      const additive = event.original.shiftKey || event.original.ctrlKey || event.original.metaKey;
      this.select(node, additive);
      handlers.node?.(node, this.graph.getNodeAttribute(node, "api") as ApiNode);
    });
    this.renderer.on("doubleClickNode", (e) => {
      e.preventSigmaDefault();
      handlers.expand?.(e.node);
    });
    this.renderer.on("clickEdge", ({ edge }) => handlers.edge?.(edge, this.graph.getEdgeAttribute(edge, "api") as ApiEdge));
    this.renderer.on("clickStage", () => {
      this.selected = null;
      this.selection.clear();
      this.renderer.refresh();
      handlers.stage?.();
    });
    // drag a node to place it; a placed node stays pinned (the layout leaves it alone)
    this.renderer.on("downNode", ({ node }) => {
      this.dragged = node;
    });
    this.renderer.getMouseCaptor().on("mousemovebody", (e) => {
      if (!this.dragged) return;
      const p = this.renderer.viewportToGraph(e);
      this.graph.mergeNodeAttributes(this.dragged, { x: p.x, y: p.y, fixed: true });
      e.preventSigmaDefault();
      e.original.preventDefault();
      e.original.stopPropagation();
    });
    const drop = () => {
      if (this.dragged) this.onChange?.();
      this.dragged = null;
    };
    this.renderer.getMouseCaptor().on("mouseup", drop);
    this.renderer.on("afterRender", () => this.scheduleLabels());
  }

  select(node: string | null, additive = false): void {
    if (!additive) this.selection.clear();
    if (node) {
      if (additive && this.selection.has(node)) this.selection.delete(node);
      else this.selection.add(node);
    }
    this.selected = node && this.selection.has(node) ? node : [...this.selection].pop() || null;
    this.renderer.refresh();
    this.onChange?.();
  }

  /** Merge nodes and edges from the API; new nodes start near the node they came from. */
  merge(data: ApiGraph, around?: string): number {
    let added = 0;
    const origin = around && this.graph.hasNode(around) ? this.graph.getNodeAttributes(around) : { x: 0, y: 0 };
    for (const n of data.nodes) {
      const attrs = { label: n.label, color: nodeColour(n.type, n.role, n.safeguarding), api: n, nodeType: n.type, image: iconFor(n.type), pictoColor: "#ffffff", type: "icon" };
      if (this.graph.hasNode(n.id)) this.graph.mergeNodeAttributes(n.id, attrs);
      else {
        const angle = Math.random() * Math.PI * 2;
        const r = 1 + Math.random() * 3;
        this.graph.addNode(n.id, { ...attrs, x: (origin.x as number) + Math.cos(angle) * r, y: (origin.y as number) + Math.sin(angle) * r, size: 4, expandedFrom: around && around !== n.id ? around : null });
        added++;
      }
    }
    for (const e of data.edges) this.addLink(e);
    this.afterChange();
    return added;
  }

  addLink(e: ApiEdge): void {
    if (!this.graph.hasNode(e.source) || !this.graph.hasNode(e.target) || e.source === e.target) return;
    const colour = linkColour(e.type);
    if (this.graph.hasEdge(e.source, e.target)) {
      const existing = this.graph.edge(e.source, e.target)!;
      if (this.graph.getEdgeAttribute(existing, "linkType") === "call" && e.type !== "call") {
        this.graph.mergeEdgeAttributes(existing, { linkType: e.type, api: e, color: colour });
      }
      return;
    }
    const weight = Math.log2(1 + (e.count || 1));
    this.graph.addEdge(e.source, e.target, { linkType: e.type, api: e, color: colour, size: Math.min(6, 0.6 + weight * 0.6) });
  }

  /** Sizes, drawing settings for big charts, and a fresh layout after nodes came or went. */
  afterChange(layout = true): void {
    this.graph.forEachNode((node, a) => {
      const base = a.nodeType === "note" ? 6 : a.nodeType === "group" ? 9 : 5.5;
      this.graph.setNodeAttribute(node, "size", Math.min(20, base + Math.sqrt(this.graph.degree(node)) * 1.6));
    });
    // Big charts: draw links and labels only when the camera is still, so panning and
    // zooming stay fluid (benchmarks/linkchart.py measures the frame times).
    const big = this.big();
    this.renderer.setSetting("hideEdgesOnMove", big);
    this.renderer.setSetting("hideLabelsOnMove", big);
    this.renderer.setSetting("labelRenderedSizeThreshold", big ? 9 : Number.POSITIVE_INFINITY);
    this.graph.updateEachEdgeAttributes((_e, attrs) => ({ ...attrs, type: big ? "thin" : "line" }), { attributes: ["type"] });
    if (layout) this.runLayout();
    this.onChange?.();
  }

  big(): boolean {
    return this.graph.size > BIG_CHART_LINKS;
  }

  clear(): void {
    this.stopLayout();
    this.graph.clear();
    this.highlighted.clear();
    this.selection.clear();
    this.timeHidden.clear();
    this.labels.clear();
    this.selected = null;
    this.center = null;
  }

  /**
   * ForceAtlas2 in a web worker. Small charts are laid out live. Big ones (more than
   * BIG_CHART_LINKS links) are laid out on a copy of the graph and the positions copied to
   * the chart every LAYOUT_COPY_MS and at the end: redrawing thousands of nodes after every
   * layout step would leave no time to draw anything else, so the page stays responsive.
   * Pinned nodes (attribute ``fixed``) do not move.
   */
  runLayout(ms?: number, then?: () => void): void {
    this.stopLayout();
    if (this.graph.order < 2) return;
    const big = this.big();
    const target = big ? this.graph.copy() : this.graph;
    const settings = forceAtlas2.inferSettings(target);
    this.layout = new FA2Layout(target, { settings: { ...settings, barnesHutOptimize: target.order > 300, slowDown: 5, adjustSizes: !big } });
    this.layout.start();
    const duration = ms ?? Math.min(6000, 1500 + this.graph.order * 2);
    const finish = () => {
      this.stopLayout();
      if (big) this.copyPositions(target);
      else {
        // converge (the worker's animation may stop early), then make room for the labels
        forceAtlas2.assign(this.graph, { iterations: 150, settings: { ...settings, barnesHutOptimize: this.graph.order > 300 } });
        const { width, height } = this.renderer.getDimensions();
        spreadOut(this.graph, Math.max(200, Math.min(width, height)));
      }
      then?.();
      this.container.dataset.layoutDone = String(Date.now());
    };
    if (big) this.copyTimer = window.setInterval(() => this.copyPositions(target), LAYOUT_COPY_MS);
    this.stopTimer = window.setTimeout(finish, duration);
  }

  private copyPositions(from: Graph): void {
    this.graph.updateEachNodeAttributes(
      (node, attrs) => {
        if (from.hasNode(node) && !attrs.fixed) {
          attrs.x = from.getNodeAttribute(node, "x");
          attrs.y = from.getNodeAttribute(node, "y");
        }
        return attrs;
      },
      { attributes: ["x", "y"] },
    );
  }

  stopLayout(): void {
    window.clearTimeout(this.stopTimer);
    window.clearInterval(this.copyTimer);
    if (this.layout) {
      this.layout.kill();
      this.layout = null;
    }
  }

  layoutRunning(): boolean {
    return this.layout !== null;
  }

  /** Place labels shortly after a frame (not on every frame); redraw when the choice changed. */
  private scheduleLabels(): void {
    if (this.labelTimer) return;
    this.labelTimer = window.setTimeout(() => {
      this.labelTimer = 0;
      if (this.big()) {
        if (this.labels.size) {
          this.labels = new Map();
          this.renderer.refresh();
        }
        return;
      }
      const order = this.graph.nodes().sort((a, b) => this.priority(b) - this.priority(a));
      const next = placeLabels(this.renderer, order);
      const same = next.size === this.labels.size && [...next].every(([id, b]) => {
        const old = this.labels.get(id);
        return old && old.side === b.side && Math.abs(old.x - b.x) < 0.5 && Math.abs(old.y - b.y) < 0.5;
      });
      this.labels = next;
      this.publish();
      if (!same) this.renderer.refresh();
    }, 60);
  }

  private priority(node: string): number {
    if (node === this.selected || this.selection.has(node)) return 1e9;
    if (node === this.center) return 1e8;
    if (this.highlighted.has(node)) return 1e7;
    const type = this.graph.getNodeAttribute(node, "nodeType");
    return (type === "note" || type === "group" ? 1e6 : 0) + this.graph.degree(node);
  }

  /** What the chart shows, on its container as ``data-chart`` (read by people's tools and tests). */
  publish(): void {
    const visible = this.graph.filterNodes((n, a) => !a.hidden && !this.timeHidden.has(n));
    const state = {
      nodes: this.graph.order,
      visible: visible.length,
      links: this.graph.size,
      visibleLinks: this.graph.filterEdges((e, a) => !this.timeHidden.has(e) && !this.hiddenLinkTypes.has(a.linkType as string) && !this.graph.getNodeAttribute(this.graph.source(e), "hidden") && !this.graph.getNodeAttribute(this.graph.target(e), "hidden")).length,
      labels: [...this.labels.values()].map((b) => ({ id: b.id, x: tenth(b.x), y: tenth(b.y), w: tenth(b.w), h: tenth(b.h) })),
      selection: [...this.selection],
      highlighted: [...this.highlighted],
      pinned: this.graph.filterNodes((_n, a) => Boolean(a.fixed)),
      ids: this.graph.nodes(),
      // graph positions and kinds, for small charts (tests and tools compare layouts)
      pos: this.graph.order <= 500 ? Object.fromEntries(this.graph.mapNodes((n, a) => [n, [Math.round((a.x as number) * 100) / 100, Math.round((a.y as number) * 100) / 100]])) : {},
      kinds: this.graph.order <= 500 ? Object.fromEntries(this.graph.mapNodes((n, a) => [n, a.nodeType])) : {},
      roles: this.graph.order <= 500 ? Object.fromEntries(this.graph.mapNodes((n, a) => [n, (a.api as ApiNode | undefined)?.role || null])) : {},
      layoutRunning: this.layout !== null,
    };
    this.container.dataset.chart = JSON.stringify(state);
  }

  highlight(ids: string[]): void {
    this.highlighted = new Set(ids);
    this.renderer.refresh();
  }

  setHiddenLinkTypes(types: Set<string>): void {
    this.hiddenLinkTypes = types;
    this.renderer.refresh();
  }

  fit(): void {
    this.renderer.getCamera().animatedReset();
  }

  kill(): void {
    this.stopLayout();
    window.clearTimeout(this.labelTimer);
    this.renderer.kill();
  }
}

function tenth(v: number): number {
  return Math.round(v * 10) / 10;
}

/** Run ``fn`` once ``el`` is in the document (pages are built before they are shown). */
export function whenAttached(el: HTMLElement, fn: () => void): void {
  const tick = () => (el.isConnected ? fn() : requestAnimationFrame(tick));
  requestAnimationFrame(tick);
}

/** Kill a chart when its container leaves the page (navigation), to free WebGL contexts. */
export function killWhenDetached(chart: LinkChart, el: HTMLElement): void {
  const timer = window.setInterval(() => {
    if (!el.isConnected) {
      window.clearInterval(timer);
      chart.kill();
    }
  }, 1000);
}
