// Your account: who you are signed in as, and your personal API tokens for the command line
// (`linewatch --server URL ...` with LINEWATCH_TOKEN). A new token is shown once, here;
// the server keeps only its digest. Revoking one stops it at once.
import "./jobs.css";
import * as api from "../api";
import { badge, card, clear, fmtDate, h, kv, table } from "../dom";
import { session } from "../session";

type Row = Record<string, any>;

export async function accountPage(): Promise<HTMLElement> {
  const me = session.me!;
  const status = h("p", { class: "muted", role: "status", id: "account-status" });
  const issued = h("div", { id: "token-issued", "aria-live": "polite" });
  const list = h("div", { id: "token-list" });

  const draw = async (): Promise<void> => {
    const d = await api.get<{ tokens: Row[] }>("/tokens");
    clear(list);
    list.append(
      table(d.tokens, [
        { label: "Token", value: (t) => t.token_id },
        { label: "For", value: (t) => t.label || "" },
        { label: "Issued", value: (t) => fmtDate(t.created_at, true) },
        { label: "State", value: (t) => (t.revoked_at ? badge(`revoked ${fmtDate(t.revoked_at)}`, "alert") : badge("active", "type-address")) },
        {
          label: "Actions",
          value: (t) =>
            t.revoked_at
              ? ""
              : h("button", { type: "button", class: "revoke-token", "aria-label": `Revoke ${t.token_id}`, on: { click: () => void revoke(t.token_id) } }, "Revoke"),
        },
      ], "You have no tokens."),
    );
  };

  const revoke = async (tokenId: string): Promise<void> => {
    try {
      await api.del(`/tokens/${encodeURIComponent(tokenId)}`);
      status.textContent = `Revoked ${tokenId}; it no longer works.`;
      clear(issued);
    } catch (err) {
      status.textContent = (err as Error).message;
    }
    await draw();
  };

  const label = h("input", { type: "text", id: "token-label", maxlength: "100", placeholder: "what it is for, e.g. laptop CLI", "aria-label": "What the token is for" });
  const form = h(
    "form",
    {
      class: "row",
      id: "issue-token",
      on: {
        submit: async (e: Event) => {
          e.preventDefault();
          try {
            const t = await api.post<Row>("/tokens", { label: label.value.trim() || null });
            label.value = "";
            clear(issued);
            issued.append(
              h("p", null, h("strong", null, "Copy this token now: it is not shown again."), ` (${t.token_id})`),
              h("code", { class: "token-once", id: "token-value" }, t.token),
              h("p", { class: "muted" }, "Use it with the command line: export LINEWATCH_TOKEN=<token>, then linewatch --server <this server's address> status."),
            );
            status.textContent = `Issued ${t.token_id}.`;
          } catch (err) {
            status.textContent = (err as Error).message;
          }
          await draw();
        },
      },
    },
    label,
    h("button", { type: "submit", class: "primary" }, "Issue a token"),
  );

  await draw();
  return h(
    "div",
    null,
    h("h1", null, "Account"),
    kv([
      ["Signed in as", me.user.name],
      ["Role", me.role_label],
    ]),
    status,
    card("API tokens", h("p", { class: "muted" }, "A token lets the command line act as you, with your role; its reads are audited like the app's. It stops working when revoked or when your account is disabled."), form, issued, list),
  );
}
