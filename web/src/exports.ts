// The download control for exports (i2, GraphML, GEXF, Neo4j, FtM, CSV): on the link chart
// (the nodes on screen), a line page (its network) and a person page (their neighbourhood).
// The server builds each file for the signed-in user's role and writes it to the audit log.
import * as api from "./api";
import { h } from "./dom";

export const EXPORT_FORMATS: [string, string][] = [
  ["i2", "i2 Analyst's Notebook (.anx)"],
  ["graphml", "GraphML (yEd, Gephi)"],
  ["gexf", "GEXF (Gephi)"],
  ["neo4j", "Neo4j import (.zip)"],
  ["ftm", "FollowTheMoney / Aleph"],
  ["csv", "CSV of every list (.zip)"],
];

export interface ExportScope {
  line?: string;
  person?: string;
  hops?: () => number;
  nodes?: () => string[];
}

function save(blob: Blob, name: string): void {
  const a = h("a", { href: URL.createObjectURL(blob), download: name });
  document.body.append(a);
  a.click();
  window.setTimeout(() => {
    URL.revokeObjectURL(a.href);
    a.remove();
  }, 1000);
}

export function exportControl(scope: ExportScope): HTMLElement {
  const format = h("select", { class: "export-format", "aria-label": "Export format" }, EXPORT_FORMATS.map(([v, label]) => h("option", { value: v }, label)));
  const status = h("span", { class: "muted export-status" });
  async function run(): Promise<void> {
    status.textContent = "Preparing…";
    try {
      const nodes = scope.nodes ? scope.nodes() : null;
      if (nodes && nodes.length === 0) {
        status.textContent = "Load something on the chart first.";
        return;
      }
      const params = { line: scope.line, person: scope.person, hops: scope.person && scope.hops ? scope.hops() : undefined };
      const file = await api.download(`/export/${format.value}`, nodes ? undefined : params, nodes ? { nodes } : undefined);
      save(file.blob, file.name);
      status.textContent = `Downloaded ${file.name}`;
    } catch (err) {
      status.textContent = (err as Error).message;
    }
  }
  return h("span", { class: "export-control" }, format, h("button", { type: "button", class: "small export-button", on: { click: () => void run() } }, "Export"), status);
}
