import "./style.css";
import * as api from "./api";
import { clear, h } from "./dom";
import { session, type Me } from "./session";
import { loginPage } from "./pages/login";
import { routes } from "./routes";
import { markScrollableRegions } from "./a11y";

const root = document.getElementById("app")!;
let content: HTMLElement;
let navEl: HTMLElement;

const NAV: { href: string; label: string; roles?: string[] }[] = [
  { href: "#/search", label: "Search" },
  { href: "#/chart", label: "Link chart" },
  { href: "#/lines", label: "Deal lines" },
  { href: "#/targets", label: "Targets", roles: ["admin", "supervisor", "analyst"] },
  { href: "#/safeguarding", label: "Safeguarding" },
  { href: "#/tips", label: "Tips inbox", roles: ["admin", "supervisor", "analyst", "safeguarding"] },
  { href: "#/intel", label: "Intel log", roles: ["admin", "supervisor", "analyst", "safeguarding"] },
  { href: "#/timeline", label: "Timeline" },
  { href: "#/map", label: "Map" },
  { href: "#/operations", label: "Operations" },
  { href: "#/watches", label: "Alerts" },
  { href: "#/labels", label: "Labels", roles: ["admin", "supervisor", "analyst", "safeguarding"] },
  { href: "#/audit", label: "Audit", roles: ["admin", "supervisor"] },
  { href: "#/retention", label: "Retention", roles: ["admin", "supervisor"] },
  { href: "#/fairness", label: "Fairness", roles: ["admin", "supervisor"] },
  { href: "#/users", label: "Users", roles: ["admin"] },
  { href: "#/jobs", label: "Jobs", roles: ["admin", "supervisor", "analyst"] },
  { href: "#/account", label: "Account" },
];

function shell(me: Me): void {
  clear(root);
  const searchBox = h("input", { type: "search", placeholder: "Search people, phones, plates, addresses, text…", "aria-label": "Search" });
  const form = h(
    "form",
    {
      class: "topsearch",
      on: {
        submit: (e: Event) => {
          e.preventDefault();
          location.hash = `#/search?q=${encodeURIComponent(searchBox.value.trim())}`;
        },
      },
    },
    searchBox,
  );
  const logout = h(
    "button",
    {
      class: "link-button",
      on: {
        click: async () => {
          try {
            await api.post("/auth/logout");
          } finally {
            session.me = null;
            start();
          }
        },
      },
    },
    "Sign out",
  );
  navEl = h(
    "nav",
    { class: "sidenav", "aria-label": "Main" },
    NAV.filter((n) => !n.roles || n.roles.includes(me.user.role)).map((n) => h("a", { href: n.href, "data-nav": n.href }, n.label)),
  );
  content = h("main", { class: "content", id: "content", tabindex: "-1" });
  const skip = h("a", { class: "skip-link", href: "#content", on: { click: (e: Event) => { e.preventDefault(); content.focus(); } } }, "Skip to content");
  root.append(
    skip,
    h(
      "header",
      { class: "topbar" },
      h("a", { class: "brand", href: "#/search" }, h("span", { class: "logo" }), "linewatch"),
      form,
      h("div", { class: "user" }, h("span", { class: "who" }, me.user.name), h("span", { class: "badge role-user" }, me.role_label), logout),
    ),
    h("div", { class: "layout" }, navEl, content),
  );
}

async function render(): Promise<void> {
  if (!session.me) return;
  const hash = location.hash || "#/search";
  const [pathPart, queryPart] = hash.slice(1).split("?");
  const parts = pathPart.split("/").filter(Boolean).map(decodeURIComponent);
  const params = new URLSearchParams(queryPart || "");
  const page = parts[0] || "search";
  for (const a of navEl.querySelectorAll("a")) {
    a.classList.toggle("active", (a.getAttribute("data-nav") || "").slice(2) === page);
  }
  const handler = routes[page] || routes["search"];
  clear(content);
  const loading = h("p", { class: "muted loading" }, "Loading…");
  content.append(loading);
  try {
    const view = await handler(parts.slice(1), params);
    clear(content);
    content.append(view);
    window.requestAnimationFrame(() => markScrollableRegions(content));
    // after following a link or searching, keyboard focus moves to the new page's content
    if (document.activeElement && document.activeElement !== document.body && !content.contains(document.activeElement)) content.focus({ preventScroll: true });
    document.title = `${(view.querySelector("h1")?.textContent || "linewatch").slice(0, 60)} · linewatch`;
  } catch (err) {
    clear(content);
    const status = err instanceof api.ApiError ? err.status : 0;
    content.append(
      h("div", { class: "error-box" }, h("h1", null, status === 403 ? "Not allowed" : status === 404 ? "Not found" : "Something went wrong"), h("p", null, String((err as Error).message || err))),
    );
  }
}

async function start(): Promise<void> {
  try {
    const me = await api.get<Me>("/auth/me");
    session.me = me;
    api.setCsrf(me.csrf_token);
    shell(me);
    await render();
  } catch {
    session.me = null;
    clear(root);
    root.append(
      loginPage(async (me) => {
        session.me = me;
        api.setCsrf(me.csrf_token);
        shell(me);
        if (!location.hash || location.hash === "#/login") location.hash = "#/search";
        await render();
      }),
    );
  }
}

api.whenUnauthorised(() => {
  if (session.me) {
    session.me = null;
    start();
  }
});
window.addEventListener("hashchange", () => void render());
void start();
