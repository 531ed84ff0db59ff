// Analysts' labels: confirm or reject a detection with a reason, shown beside the detectors'
// output; the labels page measures each detector against them.
import * as api from "../api";
import { badge, card, clear, fmtDate, fmtNum, h, table } from "../dom";

type Row = Record<string, any>;

const KIND_NAMES: Record<string, string> = {
  line: "Deal lines",
  phone_role: "Phone roles",
  person_role: "Person roles",
  safeguarding: "Safeguarding flags",
  cuckooed: "Cuckooed addresses",
};

function analysisCell(r: Row): HTMLElement {
  const a = r.analysis || {};
  const said = a.predicts ? "predicts it" : "does not";
  return h("span", { class: a.agrees ? "" : "error" }, `${said}${a.shown_as ? " (" + a.shown_as + ")" : ""}${a.agrees ? "" : " — disagrees"}`);
}

export async function labelsPage(): Promise<HTMLElement> {
  const [labels, report] = await Promise.all([api.get<{ data: Row[] }>("/labels"), api.get<Row>("/labels/evaluation")]);
  const detectors = Object.entries(report.detectors as Record<string, Row>).map(([kind, r]) => ({ kind, ...r }));
  return h(
    "div",
    null,
    h("h1", null, "Analyst labels"),
    h("p", { class: "muted" }, "Detections confirmed or rejected by analysts. Labels never change the analysis: they measure it on the cases you checked, and they follow their subject across re-runs."),
    card(
      "Detectors against the labels",
      table(detectors, [
        { label: "Detector", value: (r: Row) => KIND_NAMES[r.kind] || r.kind },
        { label: "Confirmed", value: (r: Row) => fmtNum(r.confirmed), class: "num" },
        { label: "Rejected", value: (r: Row) => fmtNum(r.rejected), class: "num" },
        { label: "Precision", value: (r: Row) => (r.precision === null ? "—" : fmtNum(r.precision, 3)), class: "num" },
        { label: "Recall", value: (r: Row) => (r.recall === null ? "—" : fmtNum(r.recall, 3)), class: "num" },
        { label: "Disagreements", value: (r: Row) => fmtNum(r.disagreements.length), class: "num" },
      ]),
    ),
    card(
      "Labels",
      table(
        labels.data,
        [
          { label: "When", value: (r: Row) => fmtDate(r.created_at, true) },
          { label: "Kind", value: (r: Row) => KIND_NAMES[r.kind] || r.kind },
          { label: "Subject", value: (r: Row) => `${r.shown_as}${r.value ? " as " + String(r.value).replace(/_/g, " ") : ""}` },
          { label: "Verdict", value: (r: Row) => badge(r.verdict, r.verdict === "confirmed" ? "type-address" : "alert") },
          { label: "Analysis now", value: analysisCell },
          { label: "By", value: (r: Row) => r.user_name },
          { label: "Reason", value: (r: Row) => r.reason },
        ],
        "No labels yet. Confirm or reject a detection from its page.",
      ),
    ),
  );
}

// A card for a detection's page: the labels on it, and a form to add one.
export function labelCard(kind: string, subject: string, opts: { role?: string; postcode?: string } = {}): HTMLElement {
  const list = h("div", null);
  const status = h("p", { class: "muted", role: "status" });
  const verdict = h("select", { "aria-label": "Verdict" }, h("option", { value: "confirmed" }, "Confirm"), h("option", { value: "rejected" }, "Reject"));
  const reason = h("input", { "aria-label": "Reason", placeholder: "Reason (kept with the label)", required: true, minlength: "5" });
  const refresh = async () => {
    const d = await api.get<{ data: Row[] }>("/labels");
    const mine = d.data.filter((r) => r.kind === kind && (r.shown_as === subject || r.analysis?.shown_as === subject));
    clear(list);
    list.append(
      table(mine, [
        { label: "Verdict", value: (r: Row) => badge(r.verdict, r.verdict === "confirmed" ? "type-address" : "alert") },
        { label: "By", value: (r: Row) => r.user_name },
        { label: "When", value: (r: Row) => fmtDate(r.created_at) },
        { label: "Reason", value: (r: Row) => r.reason },
      ], "Not labelled yet."),
    );
  };
  const form = h(
    "form",
    {
      class: "row",
      on: {
        submit: async (e: Event) => {
          e.preventDefault();
          try {
            await api.post("/labels", { kind, subject, verdict: (verdict as HTMLSelectElement).value, reason: (reason as HTMLInputElement).value.trim(), role: opts.role || null, postcode: opts.postcode || null });
            (reason as HTMLInputElement).value = "";
            status.textContent = "Label saved.";
            await refresh();
          } catch (err) {
            status.textContent = (err as Error).message;
          }
        },
      },
    },
    verdict,
    reason,
    h("button", { type: "submit", class: "primary" }, "Save label"),
  );
  void refresh().catch((err) => (status.textContent = (err as Error).message));
  return card("Analyst labels", list, form, status);
}
