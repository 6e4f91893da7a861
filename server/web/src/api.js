// The API client: the bearer token lives in sessionStorage (gone with the tab); a problem
// document becomes an ApiError carrying the code and each field's reason, which the server says
// in the interface's language (Accept-Language).
const KEY = "socialroll.token";
let language = "zh-CN";

// The language the server answers in: "zh" or "en", as the interface shows.
export function setLanguage(lang) {
  language = lang === "en" ? "en" : "zh-CN";
}

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.code = problem.code || "";
    this.fields = {};
    for (const e of problem.errors || []) this.fields[e.field] = e.detail || e.message;
  }
}

export const session = {
  get token() {
    return sessionStorage.getItem(KEY);
  },
  set(token) {
    if (token) sessionStorage.setItem(KEY, token);
    else sessionStorage.removeItem(KEY);
  },
};

async function request(method, path, body, { accept } = {}) {
  const headers = { "Accept-Language": language };
  if (session.token) headers.Authorization = `Bearer ${session.token}`;
  let payload;
  if (typeof body === "string") {
    headers["Content-Type"] = "text/csv";
    payload = body;
  } else if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(body);
  }
  const res = await fetch(`/api/v1${path}`, { method, headers, body: payload });
  if (res.status === 401 && session.token && path !== "/auth/login") {
    session.set(null);
    window.dispatchEvent(new Event("socialroll:signed-out"));
  }
  if (!res.ok) {
    let problem = {};
    try {
      problem = await res.json();
    } catch {
      /* not a problem document */
    }
    throw new ApiError(res.status, problem);
  }
  if (res.status === 204) return null;
  if (accept === "blob") return res.blob();
  if (accept === "text") return res.text();
  return res.json();
}

export const api = {
  get: (path, opts) => request("GET", path, undefined, opts),
  post: (path, body, opts) => request("POST", path, body ?? {}, opts),
  put: (path, body, opts) => request("PUT", path, body, opts),
};

// Query strings from an object, leaving out empty values.
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : "";
}

// Saves what a GET returns (a CSV) as a file, with the bearer token the link could not carry.
export async function download(path, filename) {
  const blob = await api.get(path, { accept: "blob" });
  // The server decides the file type (a bank template may be a workbook or fixed-width text).
  const ext = blob.type.includes("spreadsheetml") ? ".xlsx"
    : blob.type.startsWith("text/plain") ? ".txt"
    : blob.type.startsWith("text/csv") ? ".csv" : null;
  if (ext && !filename.endsWith(ext)) filename = filename.replace(/\.[a-z]+$/, "") + ext;
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}
