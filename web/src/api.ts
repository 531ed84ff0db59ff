// The JSON API client: same-origin cookies, the CSRF header on every POST.

export class ApiError extends Error {
  constructor(
    public status: number,
    message: string,
  ) {
    super(message);
  }
}

let csrfToken = "";
let onUnauthorised: () => void = () => {};

export function setCsrf(token: string): void {
  csrfToken = token;
}

export function whenUnauthorised(fn: () => void): void {
  onUnauthorised = fn;
}

type Params = Record<string, string | number | boolean | null | undefined>;

function url(path: string, params?: Params): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== null && v !== undefined && v !== "") q.set(k, String(v));
  const s = q.toString();
  return `/api${path}${s ? "?" + s : ""}`;
}

async function handle<T>(res: Response): Promise<T> {
  if (res.status === 401) {
    onUnauthorised();
  }
  if (!res.ok) {
    let message = `${res.status} ${res.statusText}`;
    try {
      const body = await res.json();
      if (body && body.detail) message = typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail);
    } catch {
      /* not JSON */
    }
    throw new ApiError(res.status, message);
  }
  return (await res.json()) as T;
}

export async function get<T = any>(path: string, params?: Params): Promise<T> {
  const res = await fetch(url(path, params), { credentials: "same-origin", headers: { Accept: "application/json" } });
  return handle<T>(res);
}

export async function post<T = any>(path: string, body: unknown = {}): Promise<T> {
  const res = await fetch(url(path), {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRF-Token": csrfToken },
    body: JSON.stringify(body),
  });
  return handle<T>(res);
}

/** A file from the API (GET with ``params``, or POST of ``body``), with its download name. */
export async function download(path: string, params?: Params, body?: unknown): Promise<{ blob: Blob; name: string }> {
  const init: RequestInit = body === undefined
    ? { credentials: "same-origin" }
    : { method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json", "X-CSRF-Token": csrfToken }, body: JSON.stringify(body) };
  const res = await fetch(url(path, params), init);
  if (!res.ok) await handle(res);
  const found = /filename="([^"]+)"/.exec(res.headers.get("Content-Disposition") || "");
  return { blob: await res.blob(), name: found ? found[1] : "linewatch-export" };
}

export async function del<T = any>(path: string): Promise<T> {
  const res = await fetch(url(path), {
    method: "DELETE",
    credentials: "same-origin",
    headers: { Accept: "application/json", "X-CSRF-Token": csrfToken },
  });
  return handle<T>(res);
}
