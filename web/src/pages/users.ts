// User management (admins only): add an account, disable or enable it, reset its password,
// change its role. Every change is audited by the server and ends the user's sessions at once.
import * as api from "../api";
import { badge, card, clear, fmtDate, h, table } from "../dom";

type Row = Record<string, any>;
interface UserList {
  users: Row[];
  roles: Record<string, string>;
}

function roleSelect(roles: Record<string, string>, current: string, label: string): HTMLSelectElement {
  return h(
    "select",
    { "aria-label": label },
    Object.entries(roles).map(([value, text]) => h("option", { value, selected: value === current ? true : null }, text)),
  );
}

export async function usersPage(): Promise<HTMLElement> {
  const view = h("div", null);
  const status = h("p", { class: "muted", role: "status", id: "users-status" });

  const act = async (done: string, call: () => Promise<unknown>): Promise<void> => {
    try {
      await call();
      status.textContent = done;
      await draw();
    } catch (err) {
      status.textContent = (err as Error).message;
    }
  };

  const actions = (u: Row, roles: Record<string, string>): HTMLElement => {
    const name = encodeURIComponent(u.name);
    const role = roleSelect(roles, u.role, `Role of ${u.name}`);
    const password = h("input", { type: "password", autocomplete: "new-password", placeholder: "new password", "aria-label": `New password for ${u.name}` });
    return h(
      "div",
      { class: "row user-actions", "data-user": u.name },
      u.disabled
        ? h("button", { type: "button", class: "enable", on: { click: () => void act(`Enabled ${u.name}.`, () => api.post(`/users/${name}/enable`)) } }, "Enable")
        : h("button", { type: "button", class: "disable", on: { click: () => void act(`Disabled ${u.name}; their sessions have ended.`, () => api.post(`/users/${name}/disable`)) } }, "Disable"),
      role,
      h("button", { type: "button", class: "set-role", on: { click: () => void act(`${u.name} is now ${role.value}; their sessions have ended.`, () => api.post(`/users/${name}/role`, { role: role.value })) } }, "Change role"),
      password,
      h(
        "button",
        {
          type: "button",
          class: "set-password",
          on: {
            click: () =>
              void act(`Password of ${u.name} reset; their sessions have ended.`, async () => {
                await api.post(`/users/${name}/password`, { password: password.value });
                password.value = "";
              }),
          },
        },
        "Reset password",
      ),
    );
  };

  const addForm = (roles: Record<string, string>): HTMLElement => {
    const name = h("input", { id: "new-user-name", placeholder: "user name", "aria-label": "User name", required: true, maxlength: "64" });
    const role = roleSelect(roles, "analyst", "Role");
    const password = h("input", { id: "new-user-password", type: "password", autocomplete: "new-password", placeholder: "password (12+ characters)", "aria-label": "Password", required: true });
    return h(
      "form",
      {
        class: "row",
        id: "add-user",
        on: {
          submit: (e: Event) => {
            e.preventDefault();
            void act(`Added ${name.value.trim()}.`, async () => {
              await api.post("/users", { name: name.value.trim(), role: role.value, password: password.value });
              name.value = "";
              password.value = "";
            });
          },
        },
      },
      name,
      role,
      password,
      h("button", { type: "submit", class: "primary" }, "Add user"),
    );
  };

  const draw = async (): Promise<void> => {
    const d = await api.get<UserList>("/users");
    clear(view);
    view.append(
      card(
        "Accounts",
        table(d.users, [
          { label: "User", value: (u: Row) => u.name },
          { label: "Role", value: (u: Row) => d.roles[u.role] || u.role },
          { label: "State", value: (u: Row) => (u.disabled ? badge("disabled", "alert") : badge("active", "type-address")) },
          { label: "Created", value: (u: Row) => fmtDate(u.created_at) },
          { label: "Actions", value: (u: Row) => actions(u, d.roles) },
        ]),
      ),
      card("Add a user", addForm(d.roles)),
    );
  };

  await draw();
  return h(
    "div",
    null,
    h("h1", null, "Users"),
    h("p", { class: "muted" }, "Disabling an account, resetting its password or changing its role ends its sessions at once. Every change is in the audit trail."),
    status,
    view,
  );
}
