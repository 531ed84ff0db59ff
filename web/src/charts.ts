// Small SVG charts built with DOM calls (no inline styles or scripts).
import { fmtDate, h, svg } from "./dom";

const PALETTE = ["#d7263d", "#2f6fb3", "#f18f01", "#4a7c59", "#7b2cbf", "#8d6e63", "#5c9ead"];

/** Daily counts as bars, one colour per series (e.g. per line number). */
export function dailyBars(rows: { day: string; n: number; number?: string }[], width = 860, height = 180): HTMLElement {
  if (!rows.length) return h("p", { class: "empty" }, "No activity.");
  const days = [...new Set(rows.map((r) => String(r.day)))].sort();
  const series = [...new Set(rows.map((r) => r.number || "all"))];
  const totals: Record<string, number> = {};
  for (const r of rows) totals[String(r.day)] = (totals[String(r.day)] || 0) + Number(r.n);
  const max = Math.max(...Object.values(totals), 1);
  const pad = 28;
  const bw = Math.max(1, (width - pad * 2) / days.length);
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "svgchart", role: "img", "aria-label": `Events per day, ${rows.length} days` });
  const base: Record<string, number> = {};
  for (const r of rows) {
    const i = days.indexOf(String(r.day));
    const hgt = (Number(r.n) / max) * (height - pad * 2);
    const y0 = base[String(r.day)] || 0;
    base[String(r.day)] = y0 + hgt;
    const colour = PALETTE[series.indexOf(r.number || "all") % PALETTE.length];
    chart.append(
      svg("rect", { x: pad + i * bw, y: height - pad - y0 - hgt, width: Math.max(1, bw - 1), height: Math.max(0.5, hgt), fill: colour }, svg("title", {}, `${fmtDate(r.day)}: ${r.n}${r.number ? " (" + r.number + ")" : ""}`)),
    );
  }
  chart.append(svg("line", { x1: pad, y1: height - pad, x2: width - pad, y2: height - pad, stroke: "#9aa5b1" }));
  chart.append(svg("text", { x: pad, y: height - 8, class: "axis" }, fmtDate(days[0])));
  chart.append(svg("text", { x: width - pad, y: height - 8, "text-anchor": "end", class: "axis" }, fmtDate(days[days.length - 1])));
  chart.append(svg("text", { x: 2, y: pad - 6, class: "axis" }, `max ${max}/day`));
  const legend = h(
    "div",
    { class: "legend" },
    series.map((s, i) => {
      const sw = h("span", { class: "dot" });
      sw.style.background = PALETTE[i % PALETTE.length];
      return h("span", { class: "legend-item" }, sw, s);
    }),
  );
  return h("div", null, chart, series.length > 1 ? legend : null);
}

/** Periods as horizontal bars on a shared time axis (numbers of a line over time). */
export function periods(rows: { label: string; first: string; last: string }[], width = 860): HTMLElement {
  if (!rows.length) return h("p", { class: "empty" }, "No periods.");
  const t = (v: string) => new Date(v).getTime();
  const lo = Math.min(...rows.map((r) => t(r.first)));
  const hi = Math.max(...rows.map((r) => t(r.last)), lo + 1);
  const left = 150;
  const rowH = 26;
  const height = rows.length * rowH + 30;
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "svgchart", role: "img", "aria-label": `Periods in use: ${rows.map((r) => r.label).join(", ")}` });
  rows.forEach((r, i) => {
    const x1 = left + ((t(r.first) - lo) / (hi - lo)) * (width - left - 10);
    const x2 = left + ((t(r.last) - lo) / (hi - lo)) * (width - left - 10);
    chart.append(svg("text", { x: 4, y: i * rowH + 18, class: "label" }, r.label));
    chart.append(svg("rect", { x: x1, y: i * rowH + 6, width: Math.max(3, x2 - x1), height: 16, rx: 3, fill: PALETTE[i % PALETTE.length] }, svg("title", {}, `${r.label}: ${fmtDate(r.first)} – ${fmtDate(r.last)}`)));
  });
  chart.append(svg("text", { x: left, y: height - 6, class: "axis" }, fmtDate(new Date(lo).toISOString())));
  chart.append(svg("text", { x: width - 10, y: height - 6, "text-anchor": "end", class: "axis" }, fmtDate(new Date(hi).toISOString())));
  return h("div", null, chart);
}
