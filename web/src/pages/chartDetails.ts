// The link chart's details panel: the selected node or link as sentences, its links as a
// list of buttons (keyboard users move along the chart with them), and the actions on it.
import { fmtDate, h, link, entityHref, type Child } from "../dom";
import { readableDetail } from "../readable";
import type { ApiEdge, ApiNode, LinkChart } from "../chart/linkchart";

const ROLE_WORDS: Record<string, string> = {
  deal_line: "a deal line", line: "a county line", controller: "a controller", runner: "a runner",
  trap: "a trap house", trap_occupant: "a trap house occupant", cuckooed: "a cuckooed address",
  customer: "a customer", associate: "an associate",
};

function words(type: string): string {
  return type.replace(/_/g, " ");
}

function span(first: unknown, last: unknown): string {
  if (!first) return "";
  const a = fmtDate(first);
  const b = fmtDate(last || first);
  return a === b ? ` on ${a}` : ` between ${a} and ${b}`;
}

/** "Phone 07700 900123, a runner on line L2, score 0.83." */
export function nodeSentence(n: ApiNode): string {
  if (n.type === "note") return `Note: ${String(n.text || n.label)}`;
  if (n.type === "group") return `Combined entity of ${(n.members as string[] | undefined)?.length || 0}: ${((n.members as string[]) || []).join(", ")}.`;
  const parts = [`${words(n.type).replace(/^./, (c) => c.toUpperCase())} ${n.label}`];
  if (n.role && ROLE_WORDS[n.role]) parts.push(`${ROLE_WORDS[n.role]}${n.line_id ? ` on line ${n.line_id}` : ""}`);
  if (n.safeguarding) parts.push("on the safeguarding list");
  let text = parts.join(", ");
  if (n.score !== undefined && n.score !== null) text += `; score ${Math.round(Number(n.score) * 100) / 100}`;
  return text + ".";
}

/** "07700 900123 and 07700 900456 were in contact 41 times (30 calls, 11 texts) between …" */
export function linkSentence(e: ApiEdge, from: string, to: string): string {
  const when = span(e.first, e.last);
  if (e.type === "call") {
    const parts = e.voice !== undefined ? ` (${e.voice} calls, ${e.sms ?? 0} texts)` : "";
    return `${from} and ${to} were in contact ${e.count ?? "?"} time${e.count === 1 ? "" : "s"}${parts}${when}.`;
  }
  const kind = e.subtype ? `${words(e.type)} (${words(String(e.subtype))})` : words(e.type);
  // the server's label already says when ("in handset, 2 Sep 2024 – 9 Sep 2024")
  const said = e.label && e.label !== e.type ? `: ${e.label}` : when;
  return `${from} — ${kind} — ${to}${said}${e.count && e.count > 1 ? `, ${e.count} times` : ""}.`;
}

export function nodeDetails(chart: LinkChart, id: string, actions: Child): HTMLElement {
  const g = chart.graph;
  const n = g.getNodeAttribute(id, "api") as ApiNode;
  const label = (x: string) => String(g.getNodeAttribute(x, "label") || x);
  const counts = new Map<string, number>();
  g.forEachEdge(id, (_e, a) => counts.set(String(a.linkType), (counts.get(String(a.linkType)) || 0) + 1));
  const summary = [...counts].map(([t, c]) => `${c} ${words(t)}`).join(", ");
  const links = g.mapEdges(id, (_e, a, s, t) => ({ other: s === id ? t : s, api: a.api as ApiEdge }));
  links.sort((a, b) => (b.api?.count || 0) - (a.api?.count || 0));
  return h(
    "div",
    { class: "chart-detail", id: "chart-detail" },
    h("h2", { class: "detail-title" }, n.label),
    h("p", { class: "detail-sentence" }, nodeSentence(n)),
    h("p", { class: "muted" }, `${g.degree(id)} link${g.degree(id) === 1 ? "" : "s"} on this chart${summary ? `: ${summary}` : ""}.${g.getNodeAttribute(id, "fixed") ? " Pinned: the layout leaves it where it is." : ""}`),
    actions,
    n.type !== "note" && n.type !== "group" && !String(n.id).startsWith("customer-") ? h("p", null, link(entityHref(n.id), "Open the full profile")) : null,
    links.length
      ? h("div", null, h("h3", null, "Links"), h("ul", { class: "detail-links" }, links.slice(0, 60).map((l) => h("li", null, h("button", { type: "button", class: "linklike", "data-node": l.other, on: { click: () => chart.onPick?.(l.other) } }, label(l.other)), " — ", l.api ? linkSentence(l.api, label(id), label(l.other)) : ""))))
      : null,
  );
}

export function edgeDetails(chart: LinkChart, e: ApiEdge): HTMLElement {
  const g = chart.graph;
  const label = (x: string) => (g.hasNode(x) ? String(g.getNodeAttribute(x, "label")) : x);
  return h(
    "div",
    { class: "chart-detail", id: "chart-detail" },
    h("h2", { class: "detail-title" }, `${label(e.source)} — ${label(e.target)}`),
    h("p", { class: "detail-sentence" }, linkSentence(e, label(e.source), label(e.target))),
    e.evidence ? h("div", null, h("h3", null, "Evidence"), readableDetail(e.evidence)) : null,
    h("div", { class: "actions" }, [e.source, e.target].filter((x) => g.hasNode(x)).map((x) => h("button", { type: "button", class: "small", on: { click: () => chart.onPick?.(x) } }, `Select ${label(x)}`))),
  );
}
