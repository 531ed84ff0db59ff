// DOM helpers: every value goes in as text (never innerHTML), so data cannot inject markup.

export type Child = Node | string | number | null | undefined | false | Child[];
type Props = {
  class?: string;
  on?: Partial<{ [K in keyof HTMLElementEventMap]: (e: HTMLElementEventMap[K]) => void }>;
  [attr: string]: unknown;
};

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props | null = null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props) {
    for (const [key, value] of Object.entries(props)) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "class") el.className = String(value);
      else if (key === "on") {
        for (const [ev, fn] of Object.entries(value as Record<string, EventListener>)) {
          el.addEventListener(ev, fn);
        }
      } else if (key === "value" && "value" in el) {
        (el as HTMLInputElement).value = String(value);
      } else if (key === "checked" && "checked" in el) {
        (el as HTMLInputElement).checked = Boolean(value);
      } else if (key === "style") {
        throw new Error("use classes, not inline styles (CSP)");
      } else el.setAttribute(key, value === true ? "" : String(value));
    }
  }
  append(el, children);
  return el;
}

export function append(el: Element, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
}

/**
 * The one way data reaches an API that would parse a string as HTML (Leaflet's bindTooltip,
 * bindPopup and setContent; anything else that takes "string | HTMLElement"): the text in a
 * span, set as text, so markup in the data shows literally and never runs.
 */
export function textContent(...parts: unknown[]): HTMLSpanElement {
  const span = document.createElement("span");
  span.textContent = parts.filter((p) => p !== null && p !== undefined && p !== "").map(String).join(" ");
  return span;
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

const SVG = "http://www.w3.org/2000/svg";
export function svg(tag: string, attrs: Record<string, string | number> = {}, ...kids: Child[]): SVGElement {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  append(el, kids);
  return el;
}

// ---- formatting ------------------------------------------------------------------------
export function fmtDate(value: unknown, withTime = false): string {
  if (!value) return "";
  const d = new Date(String(value));
  if (Number.isNaN(d.getTime())) return String(value);
  const day = d.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  if (!withTime || String(value).length <= 10) return day;
  return `${day} ${d.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: "UTC" })}`;
}

export function fmtNum(value: unknown, digits = 2): string {
  if (value === null || value === undefined || value === "") return "";
  const n = Number(value);
  if (Number.isNaN(n)) return String(value);
  return Number.isInteger(n) ? n.toLocaleString("en-GB") : n.toFixed(digits);
}

export function pct(value: unknown): string {
  if (value === null || value === undefined) return "";
  return `${Math.round(Number(value) * 100)}%`;
}

export function phoneDisplay(e164: string): string {
  if (/^\+447\d{9}$/.test(e164)) return `0${e164.slice(3, 7)} ${e164.slice(7)}`;
  return e164;
}

// Ages come from the server, at the analysis reference time (never today's date), so the
// lists, the profile and the referral pack agree.
export function age(row: { age?: unknown } | null | undefined): number | null {
  const value = row ? row.age : null;
  return typeof value === "number" ? value : null;
}

// ---- building blocks --------------------------------------------------------------------
export function badge(text: string | null | undefined, kind = ""): HTMLElement | null {
  if (!text) return null;
  return h("span", { class: `badge ${kind || "role-" + String(text).replace(/[^a-z_]/gi, "")}` }, String(text).replace(/_/g, " "));
}

export function card(title: string, ...body: Child[]): HTMLElement {
  return h("section", { class: "card" }, h("h2", null, title), ...body);
}

export function empty(message: string): HTMLElement {
  return h("p", { class: "empty" }, message);
}

export interface Column<T> {
  label: string;
  value: (row: T) => Child;
  class?: string;
}

// A list a role does not receive (the partner allowlist drops it) shows as empty, not an error.
export function table<T>(rows: T[] | null | undefined, columns: Column<T>[], emptyText = "Nothing to show."): HTMLElement {
  if (!rows || !rows.length) return empty(emptyText);
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      null,
      h("thead", null, h("tr", null, columns.map((c) => h("th", { class: c.class }, c.label)))),
      h("tbody", null, rows.map((r) => h("tr", null, columns.map((c) => h("td", { class: c.class }, c.value(r)))))),
    ),
  );
}

export function link(href: string, ...children: Child[]): HTMLAnchorElement {
  return h("a", { href }, ...children);
}

export function entityHref(id: string): string {
  const i = id.indexOf(":");
  const kind = id.slice(0, i);
  const key = id.slice(i + 1);
  switch (kind) {
    case "person":
      return `#/person/${encodeURIComponent(key)}`;
    case "phone":
      return `#/phone/${encodeURIComponent(key)}`;
    case "address":
      return `#/address/${encodeURIComponent(key)}`;
    case "line":
      return `#/line/${encodeURIComponent(key)}`;
    case "vehicle":
      return `#/map?vrm=${encodeURIComponent(key)}`;
    case "intel":
      return `#/intel`;
    case "tip":
      return `#/tips`;
    default:
      return `#/chart?entity=${encodeURIComponent(id)}`;
  }
}

export function phoneLink(number: string): HTMLAnchorElement {
  return link(`#/phone/${encodeURIComponent(number)}`, phoneDisplay(number));
}

export function personLink(id: string, name?: string | null): HTMLAnchorElement {
  return link(`#/person/${encodeURIComponent(id)}`, name || id);
}

/** Render explanations and other JSON from the analysis stages as readable nested lists. */
export function jsonView(value: unknown, depth = 0): Child {
  if (value === null || value === undefined) return h("span", { class: "muted" }, "—");
  if (typeof value === "number") return fmtNum(value, 3);
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "string") return value;
  if (Array.isArray(value)) {
    if (!value.length) return h("span", { class: "muted" }, "none");
    if (value.every((v) => typeof v !== "object" || v === null)) return value.map(String).join(", ");
    const flat = (v: unknown) => v !== null && typeof v === "object" && !Array.isArray(v) && Object.values(v).every((x) => x === null || typeof x !== "object") && Object.keys(v).length <= 4;
    if (value.every(flat)) {
      return h("ul", { class: "json compact" }, value.slice(0, 100).map((v) => h("li", null, Object.values(v as Record<string, unknown>).filter((x) => x !== null && x !== "").map((x) => (typeof x === "number" ? fmtNum(x, 2) : String(x))).join(" · "))));
    }
    return h("ol", { class: "json" }, value.slice(0, 100).map((v) => h("li", null, jsonView(v, depth + 1))));
  }
  if (depth > 5) return JSON.stringify(value);
  const entries = Object.entries(value as Record<string, unknown>);
  if (!entries.length) return h("span", { class: "muted" }, "—");
  return h(
    "dl",
    { class: "json" },
    entries.map(([k, v]) => [h("dt", null, k.replace(/_/g, " ")), h("dd", null, jsonView(v, depth + 1))]),
  );
}

export function kv(pairs: [string, Child][]): HTMLElement {
  return h("dl", { class: "kv" }, pairs.filter(([, v]) => v !== null && v !== undefined && v !== "").map(([k, v]) => [h("dt", null, k), h("dd", null, v)]));
}

export function scoreBar(value: unknown): HTMLElement {
  const n = Math.max(0, Math.min(1, Number(value) || 0));
  const bar = h("span", { class: "bar" }, h("span", { class: "fill" }));
  (bar.firstChild as HTMLElement).style.width = `${Math.round(n * 100)}%`;
  return h("span", { class: "score" }, bar, h("span", null, pct(n)));
}
