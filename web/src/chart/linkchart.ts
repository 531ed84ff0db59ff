// The link chart: graphology + sigma (WebGL) with ForceAtlas2 in a web worker.
// Stays smooth at thousands of nodes: rendering is WebGL and the layout never blocks the page.
import Graph from "graphology";
import Sigma from "sigma";
import { EdgeLineProgram } from "sigma/rendering";
import forceAtlas2 from "graphology-layout-forceatlas2";
import FA2Layout from "graphology-layout-forceatlas2/worker";
import { LINK_COLOURS, nodeColour } from "./colours";

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
  label: string;
  count?: number;
  [k: string]: unknown;
}
export interface ApiGraph {
  nodes: ApiNode[];
  edges: ApiEdge[];
  center?: string;
  truncated?: boolean;
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
  selected: string | null = null;
  highlighted = new Set<string>();
  hiddenLinkTypes = new Set<string>();

  constructor(
    container: HTMLElement,
    handlers: { node?: (id: string, data: ApiNode) => void; expand?: (id: string) => void; edge?: (id: string, data: ApiEdge) => void } = {},
  ) {
    this.renderer = new Sigma(this.graph, container, {
      allowInvalidContainer: true,
      renderEdgeLabels: false,
      enableEdgeEvents: true,
      labelRenderedSizeThreshold: 5,
      labelDensity: 0.7,
      defaultEdgeColor: "#c9d3de",
      // "thin": one-pixel links, much cheaper to draw than the default quads (big charts)
      edgeProgramClasses: { thin: EdgeLineProgram },
      zIndex: true,
      // Reducers run for every node and link on every frame: return the stored attributes
      // untouched (no copy, no garbage) unless something is highlighted, selected or hidden.
      nodeReducer: (node, data) => {
        if (!this.highlighted.size && node !== this.selected) return data;
        const res: Record<string, unknown> = { ...data };
        if (this.highlighted.size && !this.highlighted.has(node)) {
          res.color = "#e3e8ee";
          res.label = "";
          res.zIndex = 0;
        } else res.zIndex = 1;
        if (node === this.selected) {
          res.highlighted = true;
          res.zIndex = 2;
        }
        return res as typeof data;
      },
      edgeReducer: (edge, data) => {
        if (!this.highlighted.size && !this.hiddenLinkTypes.size) return data;
        const res: Record<string, unknown> = { ...data };
        const type = this.graph.getEdgeAttribute(edge, "linkType") as string;
        if (this.hiddenLinkTypes.has(type)) res.hidden = true;
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
    this.renderer.on("clickNode", ({ node }) => {
      this.selected = node;
      handlers.node?.(node, this.graph.getNodeAttribute(node, "api") as ApiNode);
      this.renderer.refresh();
    });
    this.renderer.on("doubleClickNode", (e) => {
      e.preventSigmaDefault();
      handlers.expand?.(e.node);
    });
    this.renderer.on("clickEdge", ({ edge }) => handlers.edge?.(edge, this.graph.getEdgeAttribute(edge, "api") as ApiEdge));
    this.renderer.on("clickStage", () => {
      this.selected = null;
      this.renderer.refresh();
    });
  }

  /** Merge nodes and edges from the API; new nodes start near the node they came from. */
  merge(data: ApiGraph, around?: string): number {
    let added = 0;
    const origin = around && this.graph.hasNode(around) ? this.graph.getNodeAttributes(around) : { x: 0, y: 0 };
    for (const n of data.nodes) {
      const attrs = {
        label: n.label,
        color: nodeColour(n.type, n.role, n.safeguarding),
        api: n,
        nodeType: n.type,
      };
      if (this.graph.hasNode(n.id)) this.graph.mergeNodeAttributes(n.id, attrs);
      else {
        const angle = Math.random() * Math.PI * 2;
        const r = 1 + Math.random() * 3;
        this.graph.addNode(n.id, { ...attrs, x: (origin.x as number) + Math.cos(angle) * r, y: (origin.y as number) + Math.sin(angle) * r, size: 4 });
        added++;
      }
    }
    for (const e of data.edges) {
      if (!this.graph.hasNode(e.source) || !this.graph.hasNode(e.target) || e.source === e.target) continue;
      if (this.graph.hasEdge(e.source, e.target)) {
        const existing = this.graph.edge(e.source, e.target)!;
        if (this.graph.getEdgeAttribute(existing, "linkType") === "call" && e.type !== "call") {
          this.graph.mergeEdgeAttributes(existing, { linkType: e.type, api: e, color: LINK_COLOURS[e.type] });
        }
        continue;
      }
      const weight = Math.log2(1 + (e.count || 1));
      this.graph.addEdge(e.source, e.target, { linkType: e.type, api: e, label: e.label, color: LINK_COLOURS[e.type] || "#c9d3de", size: Math.min(6, 0.6 + weight * 0.6) });
    }
    this.graph.forEachNode((node) => {
      this.graph.setNodeAttribute(node, "size", Math.min(18, 3 + Math.sqrt(this.graph.degree(node)) * 1.6));
    });
    // Big charts: draw links and labels only when the camera is still, so panning and
    // zooming stay fluid (benchmarks/linkchart.py measures the frame times).
    const big = this.graph.size > BIG_CHART_LINKS;
    this.renderer.setSetting("hideEdgesOnMove", big);
    this.renderer.setSetting("hideLabelsOnMove", big);
    this.renderer.setSetting("labelRenderedSizeThreshold", big ? 9 : 5);
    this.graph.updateEachEdgeAttributes((_e, attrs) => ({ ...attrs, type: big ? "thin" : "line" }), { attributes: ["type"] });
    this.runLayout();
    return added;
  }

  clear(): void {
    this.stopLayout();
    this.graph.clear();
    this.highlighted.clear();
    this.selected = null;
  }

  /**
   * ForceAtlas2 in a web worker. Small charts are laid out live. Big ones (more than
   * BIG_CHART_LINKS links) are laid out on a copy of the graph and the positions copied to
   * the chart every LAYOUT_COPY_MS and at the end: redrawing thousands of nodes after every
   * layout step would leave no time to draw anything else, so the page stays responsive.
   */
  runLayout(ms?: number): void {
    this.stopLayout();
    if (this.graph.order < 2) return;
    const big = this.graph.size > BIG_CHART_LINKS;
    const target = big ? this.graph.copy() : this.graph;
    const settings = forceAtlas2.inferSettings(target);
    this.layout = new FA2Layout(target, { settings: { ...settings, barnesHutOptimize: target.order > 300, slowDown: 5 } });
    this.layout.start();
    const duration = ms ?? Math.min(6000, 1500 + this.graph.order * 2);
    if (big) {
      const copy = () => this.copyPositions(target);
      this.copyTimer = window.setInterval(copy, LAYOUT_COPY_MS);
      this.stopTimer = window.setTimeout(() => {
        this.stopLayout();
        copy();
      }, duration);
    } else this.stopTimer = window.setTimeout(() => this.stopLayout(), duration);
  }

  private copyPositions(from: Graph): void {
    this.graph.updateEachNodeAttributes(
      (node, attrs) => {
        if (from.hasNode(node)) {
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
    this.renderer.kill();
  }
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
