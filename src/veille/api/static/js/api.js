// Calls to the JSON API. Errors come back in one shape: {"error": {status, code, message, details}}.

export class ApiError extends Error {
  constructor(status, body) {
    const info = (body && body.error) || {};
    super(info.message || `HTTP ${status}`);
    this.status = status;
    this.code = info.code || "error";
    this.details = info.details || [];
  }
}

export function queryString(params) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== null && v !== undefined && v !== "") qs.set(k, v);
  }
  const s = qs.toString();
  return s ? `?${s}` : "";
}

export async function getJSON(path, params = {}, signal = undefined) {
  const res = await fetch(`${path}${queryString(params)}`, { signal, headers: { Accept: "application/json" } });
  let body = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  if (!res.ok) throw new ApiError(res.status, body);
  return body;
}
