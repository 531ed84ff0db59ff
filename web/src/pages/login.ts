import * as api from "../api";
import { h } from "../dom";
import type { Me } from "../session";

export function loginPage(done: (me: Me) => void): HTMLElement {
  const name = h("input", { id: "login-name", name: "username", autocomplete: "username", required: true });
  const password = h("input", { id: "login-password", name: "password", type: "password", autocomplete: "current-password", required: true });
  const error = h("p", { class: "error", role: "alert", hidden: true });
  const button = h("button", { type: "submit", class: "primary" }, "Sign in");
  const form = h(
    "form",
    {
      class: "login-card",
      on: {
        submit: async (e: Event) => {
          e.preventDefault();
          button.disabled = true;
          error.hidden = true;
          try {
            const me = await api.post<Me>("/auth/login", { name: name.value.trim(), password: password.value });
            password.value = "";
            done(me);
          } catch (err) {
            error.textContent = (err as Error).message;
            error.hidden = false;
          } finally {
            button.disabled = false;
          }
        },
      },
    },
    h("div", { class: "brand big" }, h("span", { class: "logo" }), "linewatch"),
    h("p", { class: "muted" }, "County lines intelligence and safeguarding. Authorised users only: every view is audited."),
    h("label", { for: "login-name" }, "User name"),
    name,
    h("label", { for: "login-password" }, "Password"),
    password,
    error,
    button,
  );
  return h("div", { class: "login-page" }, form);
}
