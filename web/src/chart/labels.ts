// Label placement without collisions: each visible node gets its label on the first free side
// (right, left, below, above, then the corners), most important nodes first; a label that fits nowhere waits for
// the analyst to zoom in. Sigma then draws exactly the labels chosen here (forceLabel).
import type Sigma from "sigma";

export type Side = "right" | "left" | "below" | "above" | "above-right" | "below-right" | "above-left" | "below-left";
export interface LabelBox {
  id: string;
  side: Side;
  x: number;
  y: number;
  w: number;
  h: number;
}

const SIDES: Side[] = ["right", "left", "below", "above", "above-right", "below-right", "above-left", "below-left"];
let measurer: CanvasRenderingContext2D | null = null;

export function labelWidth(text: string, size: number, font: string, weight: string): number {
  measurer ??= document.createElement("canvas").getContext("2d");
  if (!measurer) return text.length * size * 0.6;
  measurer.font = `${weight} ${size}px ${font}`;
  return measurer.measureText(text).width;
}

/** Where a label of width ``w`` sits beside a node drawn at (x, y) with radius ``r``. */
export function boxAt(side: Side, x: number, y: number, r: number, w: number, size: number): Omit<LabelBox, "id" | "side"> {
  const h = size + 2;
  switch (side) {
    case "right": return { x: x + r + 3, y: y - h / 2, w, h };
    case "left": return { x: x - r - 3 - w, y: y - h / 2, w, h };
    case "below": return { x: x - w / 2, y: y + r + 2, w, h };
    case "above-right": return { x: x + r * 0.7, y: y - r * 0.7 - h, w, h };
    case "below-right": return { x: x + r * 0.7, y: y + r * 0.7, w, h };
    case "above-left": return { x: x - r * 0.7 - w, y: y - r * 0.7 - h, w, h };
    case "below-left": return { x: x - r * 0.7 - w, y: y + r * 0.7, w, h };
    default: return { x: x - w / 2, y: y - r - 2 - h, w, h };
  }
}

function overlaps(a: Omit<LabelBox, "id" | "side">, b: Omit<LabelBox, "id" | "side">): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/**
 * Choose the labels to draw: ``order`` is the nodes most important first. Labels never overlap
 * each other nor another node's disc; a spatial hash keeps this near-linear.
 */
export function placeLabels(renderer: Sigma, order: string[]): Map<string, LabelBox> {
  const size = renderer.getSetting("labelSize");
  const font = renderer.getSetting("labelFont");
  const weight = renderer.getSetting("labelWeight");
  const { width, height } = renderer.getDimensions();
  const cell = 64;
  const grid = new Map<string, Omit<LabelBox, "id" | "side">[]>();
  const keyOf = (cx: number, cy: number) => `${cx},${cy}`;
  const cells = (b: Omit<LabelBox, "id" | "side">) => {
    const out: string[] = [];
    for (let cx = Math.floor(b.x / cell); cx <= Math.floor((b.x + b.w) / cell); cx++)
      for (let cy = Math.floor(b.y / cell); cy <= Math.floor((b.y + b.h) / cell); cy++) out.push(keyOf(cx, cy));
    return out;
  };
  const take = (b: Omit<LabelBox, "id" | "side">) => cells(b).forEach((k) => (grid.get(k) || grid.set(k, []).get(k)!).push(b));
  const discs: { id: string; x: number; y: number; r: number; label: string }[] = [];
  for (const id of order) {
    const d = renderer.getNodeDisplayData(id);
    if (!d || d.hidden) continue;
    const p = renderer.framedGraphToViewport(d);
    const r = renderer.scaleSize(d.size);
    if (p.x < -200 || p.y < -50 || p.x > width + 200 || p.y > height + 50) continue;
    discs.push({ id, x: p.x, y: p.y, r, label: d.label || "" });
    take({ x: p.x - r, y: p.y - r, w: 2 * r, h: 2 * r });
  }
  const chosen = new Map<string, LabelBox>();
  for (const n of discs) {
    if (!n.label) continue;
    const w = labelWidth(n.label, size, font, weight);
    // a node's own disc is in the grid: test each side against everything but it
    for (const side of SIDES) {
      const b = boxAt(side, n.x, n.y, n.r, w, size);
      const own = { x: n.x - n.r, y: n.y - n.r, w: 2 * n.r, h: 2 * n.r };
      const clash = cells(b).some((k) => (grid.get(k) || []).some((o) => o.x !== own.x || o.y !== own.y || o.w !== own.w ? overlaps(o, b) : false));
      if (!clash) {
        take(b);
        chosen.set(n.id, { id: n.id, side, ...b });
        break;
      }
    }
  }
  return chosen;
}
