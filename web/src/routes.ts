import { searchPage } from "./pages/search";
import { personPage, phonePage, addressPage } from "./pages/profiles";
import { chartPage } from "./pages/chart";
import { linesPage, linePage } from "./pages/lines";
import { targetsPage, safeguardingPage } from "./pages/lists";
import { intelPage, auditPage } from "./pages/logs";
import { tipsPage } from "./pages/tips";
import { timelinePage } from "./pages/timeline";
import { mapPage } from "./pages/map";
import { operationsPage } from "./pages/operations";
import { operationPage } from "./pages/operationsBoard";
import { labelsPage } from "./pages/labels";
import { usersPage } from "./pages/users";
import { watchesPage } from "./pages/watches";
import { retentionPage, fairnessPage } from "./pages/review";
import { jobsPage } from "./pages/jobs";
import { accountPage } from "./pages/account";

export type Page = (parts: string[], params: URLSearchParams) => Promise<HTMLElement>;

export const routes: Record<string, Page> = {
  search: searchPage,
  person: personPage,
  phone: phonePage,
  address: addressPage,
  chart: chartPage,
  lines: linesPage,
  line: linePage,
  targets: targetsPage,
  safeguarding: safeguardingPage,
  tips: tipsPage,
  intel: intelPage,
  audit: auditPage,
  timeline: timelinePage,
  map: mapPage,
  operations: operationsPage,
  operation: operationPage,
  labels: labelsPage,
  users: usersPage,
  watches: watchesPage,
  retention: retentionPage,
  fairness: fairnessPage,
  jobs: jobsPage,
  account: accountPage,
};
