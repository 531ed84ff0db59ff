// Instead of a hairball: when an expansion would put more than READABLE_NODES on the chart,
// say so and offer filters (link types, fewest contacts, roles) with the count they leave.
import { h, clear } from "../dom";
import type { ApiGraph } from "../chart/linkchart";

export const READABLE_NODES = 300;

export interface GuardFilters {
  types: Set<string>;
  minCount: number;
  roles: Set<string>;
}

const NO_ROLE = "no role";

/** ``data`` narrowed by ``f``: links of the chosen types (calls with at least ``minCount``
 * contacts) and the nodes still reachable from ``start`` through them whose role is chosen. */
export function narrow(data: ApiGraph, start: string, f: GuardFilters, keep: Set<string>): ApiGraph {
  const roleOk = new Map(data.nodes.map((n) => [n.id, keep.has(n.id) || n.id === start || f.roles.has(n.role || NO_ROLE)]));
  const edges = data.edges.filter((e) => f.types.has(e.type) && (e.type !== "call" || (e.count || 0) >= f.minCount) && roleOk.get(e.source) !== false && roleOk.get(e.target) !== false);
  const adjacent = new Map<string, string[]>();
  for (const e of edges) {
    (adjacent.get(e.source) || adjacent.set(e.source, []).get(e.source)!).push(e.target);
    (adjacent.get(e.target) || adjacent.set(e.target, []).get(e.target)!).push(e.source);
  }
  const reached = new Set<string>([start, ...keep]);
  const queue = [...reached];
  while (queue.length) {
    const n = queue.shift()!;
    for (const m of adjacent.get(n) || []) if (!reached.has(m)) {
      reached.add(m);
      queue.push(m);
    }
  }
  return { ...data, nodes: data.nodes.filter((n) => reached.has(n.id)), edges: edges.filter((e) => reached.has(e.source) && reached.has(e.target)) };
}

/** The guard panel; ``draw`` is called with the data to draw (narrowed or all). */
export function guardPanel(data: ApiGraph, start: string, onChart: Set<string>, draw: (d: ApiGraph) => void, cancel: () => void): HTMLElement {
  const total = data.nodes.filter((n) => !onChart.has(n.id)).length + onChart.size;
  const typeCounts = new Map<string, number>();
  for (const e of data.edges) typeCounts.set(e.type, (typeCounts.get(e.type) || 0) + 1);
  const roleCounts = new Map<string, number>();
  for (const n of data.nodes) roleCounts.set(n.role || NO_ROLE, (roleCounts.get(n.role || NO_ROLE) || 0) + 1);
  const box = (name: string, value: string, count: number) => h("label", { class: "chip" }, h("input", { type: "checkbox", name, value, checked: true }), `${value.replace(/_/g, " ")} (${count})`);
  const types = h("fieldset", { class: "chips" }, h("legend", null, "Link types"), [...typeCounts].map(([t, c]) => box("guard-type", t, c)));
  const roles = h("fieldset", { class: "chips" }, h("legend", null, "Roles"), [...roleCounts].map(([r, c]) => box("guard-role", r, c)));
  const minCount = h("input", { type: "number", id: "guard-min", min: "0", value: "0", class: "narrow" });
  const result = h("p", { id: "guard-result", "aria-live": "polite" });
  const drawButton = h("button", { type: "button", class: "primary", id: "guard-draw" }, "Draw filtered");
  const filters = (): GuardFilters => ({
    types: new Set([...types.querySelectorAll("input:checked")].map((i) => (i as HTMLInputElement).value)),
    roles: new Set([...roles.querySelectorAll("input:checked")].map((i) => (i as HTMLInputElement).value)),
    minCount: Number(minCount.value) || 0,
  });
  let narrowed = data;
  const update = () => {
    narrowed = narrow(data, start, filters(), onChart);
    const n = new Set([...narrowed.nodes.map((x) => x.id), ...onChart]).size;
    clear(result);
    result.append(`With these filters: ${n} nodes${n > READABLE_NODES ? ` — still more than ${READABLE_NODES}, narrow further` : " — readable"}.`);
    drawButton.toggleAttribute("disabled", n > READABLE_NODES);
  };
  drawButton.addEventListener("click", () => draw(narrowed));
  const panel = h(
    "div",
    { class: "chart-guard", id: "chart-guard", role: "alertdialog", "aria-labelledby": "guard-title" },
    h("h2", { id: "guard-title" }, `This would draw ${total} nodes`),
    h("p", null, `More than ${READABLE_NODES} nodes cannot be read on one chart. Narrow what comes in:`),
    types,
    h("label", null, "Only calls with at least ", minCount, " contacts"),
    roles,
    result,
    h("div", { class: "actions" }, drawButton, h("button", { type: "button", id: "guard-all", on: { click: () => draw(data) } }, `Draw all ${total} anyway`), h("button", { type: "button", id: "guard-cancel", on: { click: cancel } }, "Cancel")),
  );
  panel.addEventListener("change", update);
  panel.addEventListener("input", update);
  update();
  return panel;
}
