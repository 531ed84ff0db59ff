// Details as sentences: an API object's fields read as "name: value" phrases, never raw JSON.
import { fmtDate, fmtNum, h, jsonView, type Child } from "./dom";

const DATE = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+Z?)?$/;

function words(key: string): string {
  const text = key.replace(/_/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** One value as short text (dates as dates, lists joined, numbers rounded). */
export function phrase(value: unknown): string {
  if (value === null || value === undefined || value === "") return "none";
  if (typeof value === "number") return fmtNum(value, 2);
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "string") return DATE.test(value) ? fmtDate(value, value.length > 10) : value;
  if (Array.isArray(value)) return value.length ? value.map(phrase).join(", ") : "none";
  return Object.entries(value as Record<string, unknown>).map(([k, v]) => `${words(k).toLowerCase()} ${phrase(v)}`).join(", ");
}

/** A flat record as one readable line ("Depth: 2 · Types: all · Nodes: 41"); nested parts
 * go behind a disclosure as nested lists. */
export function readableDetail(value: unknown): Child {
  if (value === null || value === undefined) return "";
  if (typeof value !== "object" || Array.isArray(value)) return phrase(value);
  const entries = Object.entries(value as Record<string, unknown>);
  const flat = entries.filter(([, v]) => v === null || typeof v !== "object" || (Array.isArray(v) && v.every((x) => typeof x !== "object")));
  const nested = entries.filter((e) => !flat.includes(e));
  return h(
    "span",
    { class: "readable" },
    flat.map(([k, v]) => `${words(k)}: ${phrase(v)}`).join(" · "),
    nested.length ? h("details", null, h("summary", null, "More"), jsonView(Object.fromEntries(nested))) : null,
  );
}
