import * as api from "../api";
import { badge, entityHref, fmtNum, h, link, table } from "../dom";

interface Result {
  type: string;
  id: string;
  label: string;
  sub?: string;
  snippet?: string;
  score: number;
}

const TYPES = ["person", "phone", "vehicle", "address", "text"];

export async function searchPage(_parts: string[], params: URLSearchParams): Promise<HTMLElement> {
  const q = params.get("q") || "";
  const types = (params.get("types") || "").split(",").filter(Boolean);
  const input = h("input", { type: "search", id: "search-q", value: q, placeholder: "Name, nickname, phone number, number plate, address, postcode or words", autofocus: true });
  const boxes = TYPES.map((t) => h("label", { class: "chip" }, h("input", { type: "checkbox", value: t, checked: types.includes(t) }), t));
  const form = h(
    "form",
    {
      class: "search-form",
      on: {
        submit: (e: Event) => {
          e.preventDefault();
          const chosen = boxes.map((b) => b.querySelector("input")!).filter((i) => i.checked).map((i) => i.value);
          location.hash = `#/search?q=${encodeURIComponent(input.value.trim())}${chosen.length ? "&types=" + chosen.join(",") : ""}`;
        },
      },
    },
    h("div", { class: "row" }, input, h("button", { type: "submit", class: "primary" }, "Search")),
    h("div", { class: "chips" }, h("span", { class: "muted" }, "Only:"), boxes),
  );
  const page = h("div", null, h("h1", null, "Search"), form);
  if (!q) {
    page.append(h("p", { class: "muted" }, "Search across resolved people (names, nicknames), phone numbers (any format), number plates, addresses and postcodes, and the text of intelligence reports and tips. Every search is audited."));
    return page;
  }
  const data = await api.get<{ results: Result[] }>("/search", { q, types: types.join(",") || null });
  page.append(
    h("p", { class: "muted" }, `${data.results.length} result${data.results.length === 1 ? "" : "s"} for “${q}”`),
    table(
      data.results,
      [
        { label: "Type", value: (r) => badge(r.type, "type-" + r.type) },
        { label: "Match", value: (r) => h("div", null, link(entityHref(r.id), r.label), r.snippet ? h("div", { class: "snippet" }, r.snippet) : null) },
        { label: "Details", value: (r) => (r.sub || "").replace(/_/g, " ") },
        { label: "Score", value: (r) => fmtNum(r.score, 2), class: "num" },
      ],
      "No matches. Try part of a number, a nickname or a postcode.",
    ),
  );
  return page;
}
