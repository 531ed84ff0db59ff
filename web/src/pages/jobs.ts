// Jobs: imports and analysis runs the server runs one at a time. Submit an import (upload a
// bundle or files, optionally with a column mapping; the server cleans it without importing
// and shows the quarantine; confirm or discard), run an analysis, follow every job's
// progress live and cancel your own (supervisors and admins may cancel any).
import "./jobs.css";
import * as api from "../api";
import { badge, card, clear, fmtDate, fmtNum, h, table } from "../dom";
import { session } from "../session";

type Row = Record<string, any>;
const MANAGERS = new Set(["admin", "supervisor"]);
const ACTIVE = new Set(["queued", "running"]);
const POLL_MS = 1500;

function what(job: Row): string {
  const p = job.params || {};
  if (job.kind === "import") {
    const files: string[] = p.files || [];
    return `Import: ${files.join(", ") || "files"}${p.mapping ? ` (mapping ${p.mapping})` : ""}`;
  }
  return `Analysis: ${(p.stages && p.stages.length ? p.stages : ["all stages"]).join(", ")}`;
}

function progressCell(job: Row): HTMLElement | string {
  const p = job.progress;
  if (job.state !== "running" || !p) return "";
  const bar = h("progress", { max: p.total ? String(p.total) : null, value: p.total ? String(p.completed) : null, "aria-label": `Progress of ${job.job_id}` });
  return h("span", { class: "job-progress" }, bar, h("span", null, `${p.stage}${p.total ? ` ${fmtNum(p.completed)}/${fmtNum(p.total)}` : ""}`));
}

function resultCell(job: Row): string {
  if (job.error) return String(job.error);
  const r = job.result;
  if (!r) return "";
  if (job.kind === "import") return `${fmtNum(r.rows_imported)} rows imported, ${fmtNum(r.rows_quarantined)} quarantined, ${fmtNum(r.rows_duplicate)} duplicate`;
  return Object.keys(r).join(", ");
}

const STATE_KIND: Record<string, string> = { failed: "alert", cancelled: "flag", done: "type-address", running: "type-person", queued: "type-phone" };

function previewView(preview: Row, onDone: (message: string) => void): HTMLElement {
  const report = preview.report || {};
  const files: Row[] = report.files || [];
  const rows: Row[] = preview.quarantine || [];
  const status = h("span", { class: "muted", role: "status" });
  const act = async (call: () => Promise<Row>, message: (r: Row) => string): Promise<void> => {
    try {
      const r = await call();
      onDone(message(r));
    } catch (err) {
      status.textContent = (err as Error).message;
    }
  };
  const id = encodeURIComponent(preview.upload_id);
  return h(
    "div",
    { id: "import-preview" },
    h("p", null, `Checked, not imported yet: ${fmtNum(report.rows_imported)} rows would be imported and ${fmtNum(report.rows_quarantined)} quarantined. Rows already in the store are counted as duplicates when the job runs.`),
    table(files, [
      { label: "File", value: (f) => f.path },
      { label: "Kind", value: (f) => f.kind },
      { label: "Rows read", value: (f) => fmtNum(f.rows_read), class: "num" },
      { label: "Would import", value: (f) => fmtNum(f.rows_imported), class: "num" },
      { label: "Quarantined", value: (f) => fmtNum(f.rows_quarantined), class: "num" },
      { label: "Skipped", value: (f) => f.skipped || "" },
    ]),
    h("h3", null, "Quarantine"),
    table(rows, [
      { label: "File", value: (q) => q.path },
      { label: "Row", value: (q) => fmtNum(q.row_number), class: "num" },
      { label: "Field", value: (q) => q.field },
      { label: "Reason", value: (q) => q.reason },
      { label: "Values as written", value: (q) => h("span", { class: "quarantine-raw" }, q.raw) },
    ], "Nothing would be quarantined."),
    h(
      "div",
      { class: "row" },
      h("button", { type: "button", class: "primary", id: "confirm-import", on: { click: () => void act(() => api.post(`/imports/${id}/confirm`), (job) => `Import queued as ${job.job_id}.`) } }, "Confirm import"),
      h("button", { type: "button", id: "discard-import", on: { click: () => void act(() => api.del(`/imports/${id}`), () => "Upload discarded; nothing was imported.") } }, "Discard"),
      status,
    ),
  );
}

function importForm(show: (preview: Row) => void, status: HTMLElement): HTMLElement {
  const files = h("input", { type: "file", id: "import-files", multiple: true, required: true, accept: ".zip,.csv,.parquet,.jsonl,.txt" });
  const kind = h("input", { type: "text", id: "import-kind", maxlength: "40", placeholder: "from the file names" });
  const mapping = h("input", { type: "file", id: "import-mapping", accept: ".yaml,.yml" });
  const submit = h("button", { type: "submit", class: "primary" }, "Check files");
  return h(
    "form",
    {
      class: "row import-form",
      id: "import-form",
      on: {
        submit: async (e: Event) => {
          e.preventDefault();
          const form = new FormData();
          for (const f of Array.from(files.files || [])) form.append("files", f, f.name);
          if (mapping.files && mapping.files[0]) form.append("mapping", mapping.files[0], mapping.files[0].name);
          if (kind.value.trim()) form.append("kind", kind.value.trim());
          submit.disabled = true;
          status.textContent = "Checking…";
          try {
            show(await api.postForm("/imports", form));
            status.textContent = "";
          } catch (err) {
            status.textContent = `Not checked: ${(err as Error).message}`;
          } finally {
            submit.disabled = false;
          }
        },
      },
    },
    h("label", null, "Bundle (a zip) or files", files),
    h("label", null, "Column mapping (optional)", mapping),
    h("label", null, "Kind (optional)", kind),
    submit,
  );
}

export async function jobsPage(): Promise<HTMLElement> {
  const me = session.me!;
  const status = h("p", { class: "muted", role: "status", id: "jobs-status" });
  const listView = h("div", { id: "job-list" });
  const previewSlot = h("div", null);
  const view = h("div", null);

  const cancel = async (job: Row): Promise<void> => {
    try {
      await api.post(`/jobs/${encodeURIComponent(job.job_id)}/cancel`);
      status.textContent = `Cancelled ${job.job_id}.`;
    } catch (err) {
      status.textContent = (err as Error).message;
    }
    await draw();
  };

  let timer: number | undefined;
  const draw = async (): Promise<void> => {
    const d = await api.get<{ jobs: Row[] }>("/jobs", { limit: 50 });
    clear(listView);
    listView.append(
      table(d.jobs, [
        { label: "Job", value: (j) => j.job_id },
        { label: "What", value: (j) => what(j) },
        { label: "Who", value: (j) => j.submitted_by },
        { label: "Submitted", value: (j) => fmtDate(j.submitted_at, true) },
        { label: "State", value: (j) => h("span", { class: "job-state", "data-job": j.job_id }, badge(j.state, STATE_KIND[j.state] || "")) },
        { label: "Progress", value: (j) => progressCell(j) },
        { label: "Result", value: (j) => resultCell(j) },
        {
          label: "Actions",
          value: (j) =>
            ACTIVE.has(j.state) && (j.submitted_by === me.user.name || MANAGERS.has(me.user.role))
              ? h("button", { type: "button", class: "cancel-job", "aria-label": `Cancel ${j.job_id}`, on: { click: () => void cancel(j) } }, "Cancel")
              : "",
        },
      ], "No jobs yet."),
    );
    window.clearTimeout(timer);
    if (d.jobs.some((j) => ACTIVE.has(j.state))) {
      timer = window.setTimeout(() => {
        if (view.isConnected) void draw().catch(() => undefined);
      }, POLL_MS);
    }
  };

  const show = (preview: Row): void => {
    clear(previewSlot);
    previewSlot.append(previewView(preview, (message) => {
      clear(previewSlot);
      status.textContent = message;
      void draw();
    }));
  };

  const analyse = h("button", {
    type: "button",
    id: "run-analysis",
    on: {
      click: async () => {
        try {
          const job = await api.post<Row>("/jobs/analyse", {});
          status.textContent = `Analysis queued as ${job.job_id}.`;
        } catch (err) {
          status.textContent = (err as Error).message;
        }
        await draw();
      },
    },
  }, "Run the analysis");

  await draw();
  view.append(
    h("h1", null, "Jobs"),
    h("p", { class: "muted" }, "Imports and analysis runs reach the store as jobs, one at a time, each all or nothing. Pages keep showing the last complete data until a job commits."),
    status,
    card("Import data", h("p", { class: "muted" }, "Files are named by kind (cdr.csv, nominals.parquet, …) or follow a column mapping. They are checked first: nothing is imported until you confirm."), importForm(show, status), previewSlot),
    card("Analysis", h("p", { class: "muted" }, "Re-run resolution, text, detection, priority and safeguarding over everything imported."), analyse),
    card("Recent jobs", listView),
  );
  return view;
}
