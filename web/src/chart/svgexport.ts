// The chart as a standalone SVG: what is on screen (visible nodes and links, drawn labels),
// at the camera's current view.
import type Sigma from "sigma";
import type Graph from "graphology";
import { iconMarkup } from "./icons";
import type { LabelBox } from "./labels";

function esc(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

export function chartSvg(renderer: Sigma, graph: Graph, labelled: Map<string, LabelBox>): string {
  const { width, height } = renderer.getDimensions();
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Arial, sans-serif">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
  ];
  const pos = (node: string) => {
    const d = renderer.getNodeDisplayData(node);
    return d && !d.hidden ? { ...renderer.framedGraphToViewport(d), r: renderer.scaleSize(d.size), d } : null;
  };
  graph.forEachEdge((edge, attrs, source, target) => {
    const e = renderer.getEdgeDisplayData(edge);
    const a = pos(source);
    const b = pos(target);
    if (!e || e.hidden || !a || !b) return;
    out.push(`<line x1="${a.x.toFixed(1)}" y1="${a.y.toFixed(1)}" x2="${b.x.toFixed(1)}" y2="${b.y.toFixed(1)}" stroke="${esc(e.color)}" stroke-width="${Math.max(1, renderer.scaleSize(e.size)).toFixed(1)}"><title>${esc(String(attrs.linkType || ""))}</title></line>`);
  });
  const size = renderer.getSetting("labelSize");
  graph.forEachNode((node, attrs) => {
    const p = pos(node);
    if (!p) return;
    const s = (p.r * 2) / 24 * 0.7;
    out.push(`<g class="node"><circle cx="${p.x.toFixed(1)}" cy="${p.y.toFixed(1)}" r="${p.r.toFixed(1)}" fill="${esc(p.d.color)}"/>`);
    out.push(`<g transform="translate(${(p.x - 12 * s).toFixed(1)} ${(p.y - 12 * s).toFixed(1)}) scale(${s.toFixed(3)})" fill="#fff">${iconMarkup(String(attrs.nodeType || "other"))}</g>`);
    const box = labelled.get(node);
    if (box && p.d.label) out.push(`<text x="${box.x.toFixed(1)}" y="${(box.y + size * 0.85).toFixed(1)}" font-size="${size}" fill="#1b2430">${esc(p.d.label)}</text>`);
    out.push("</g>");
  });
  out.push("</svg>");
  return out.join("\n");
}

export function download(name: string, content: Blob): void {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(content);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
