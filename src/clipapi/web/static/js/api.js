// The API as the dashboard uses it. The login JWT and the API key the dashboard works with live
// in sessionStorage: they last as long as the tab and are never written to disk-backed storage.

const store = window.sessionStorage;
const PREFIX = "clipapi.";

export const session = {
  get token() { return store.getItem(PREFIX + "token"); },
  get email() { return store.getItem(PREFIX + "email"); },
  get key() { return store.getItem(PREFIX + "key"); },
  get keyId() { return store.getItem(PREFIX + "keyId"); },
  // "session": made by the dashboard for this tab and revoked at log out; "user": the user's.
  get keyOrigin() { return store.getItem(PREFIX + "keyOrigin"); },
  get loggedIn() { return Boolean(store.getItem(PREFIX + "token")); },

  logIn(token, email) {
    store.setItem(PREFIX + "token", token);
    store.setItem(PREFIX + "email", email);
    window.dispatchEvent(new Event("clipapi:session"));
  },
  holdKey(created, origin) {
    store.setItem(PREFIX + "key", created.key);
    store.setItem(PREFIX + "keyId", created.id);
    store.setItem(PREFIX + "keyOrigin", origin);
  },
  dropKey() {
    for (const name of ["key", "keyId", "keyOrigin"]) store.removeItem(PREFIX + name);
  },
  clear() {
    for (const name of Object.keys(store)) if (name.startsWith(PREFIX)) store.removeItem(name);
  },
  streamUrl(analysisId) {
    return JSON.parse(store.getItem(PREFIX + "streams") || "{}")[analysisId] || null;
  },
  rememberStream(analysisId, url) {
    const streams = JSON.parse(store.getItem(PREFIX + "streams") || "{}");
    streams[analysisId] = url;
    store.setItem(PREFIX + "streams", JSON.stringify(streams));
  },
};

export class ApiError extends Error {
  constructor(status, detail, retryAfter) {
    super(detail);
    this.status = status;
    this.detail = detail;
    this.retryAfter = retryAfter;
  }
}

let onSessionEnd = () => {};
export function whenSessionEnds(callback) { onSessionEnd = callback; }

async function send(method, path, headers, body) {
  let response;
  try {
    response = await fetch(path, { method, headers, body });
  } catch {
    throw new ApiError(0, "The server could not be reached");
  }
  if (response.status === 204) return { response, data: null };
  const data = await response.json().catch(() => ({ detail: response.statusText }));
  return { response, data };
}

function failure(response, data) {
  const retryAfter = Number(response.headers.get("Retry-After")) || null;
  let detail = (data && data.detail) || response.statusText || "Request failed";
  if (response.status === 429 && retryAfter) detail += ` (try again in ${retryAfter} s)`;
  return new ApiError(response.status, detail, retryAfter);
}

function jsonHeaders(auth) {
  return { Accept: "application/json", "Content-Type": "application/json", ...auth };
}

// --- account routes: the login JWT --------------------------------------------------------

export async function account(method, path, json) {
  const auth = session.token ? { Authorization: `Bearer ${session.token}` } : {};
  const body = json === undefined ? undefined : JSON.stringify(json);
  const { response, data } = await send(method, path, jsonHeaders(auth), body);
  if (response.ok) return data;
  if (response.status === 401 && session.token) onSessionEnd("Your session ended; log in again.");
  throw failure(response, data);
}

// --- analysis routes: an API key (or the JWT, where the server accepts it there) ------------

let jwtWorksOnAnalyses = null;
export const SESSION_KEY_NAME = "dashboard (browser session)";
// One key request at a time: a page that loads several things at once would otherwise make a
// key per request, and log out revokes only the one it holds.
let keyRequest = null;

export async function analysisAuth() {
  if (session.key) return { "X-API-Key": session.key };
  if (jwtWorksOnAnalyses === null) {
    const probe = await send("GET", "/v1/analyses?limit=1", jsonHeaders(bearer()));
    jwtWorksOnAnalyses = probe.response.ok;
  }
  if (jwtWorksOnAnalyses) return bearer();
  if (!keyRequest) {
    keyRequest = account("POST", "/v1/keys", { name: SESSION_KEY_NAME })
      .then((created) => {
        session.holdKey(created, "session");
        return created;
      })
      .finally(() => { keyRequest = null; });
  }
  const created = await keyRequest;
  return { "X-API-Key": created.key };
}

function bearer() {
  return { Authorization: `Bearer ${session.token}` };
}

export async function analyses(method, path, json) {
  for (let attempt = 0; ; attempt++) {
    const headers = jsonHeaders(await analysisAuth());
    const body = json === undefined ? undefined : JSON.stringify(json);
    const { response, data } = await send(method, path, headers, body);
    if (response.ok) return data;
    // The held key was revoked (here or elsewhere): take a new one, once.
    if (response.status === 401 && session.key && attempt === 0) {
      session.dropKey();
      continue;
    }
    // A read refused by the rate limit is worth one wait; a write is the user's to repeat.
    const wait = Number(response.headers.get("Retry-After"));
    if (response.status === 429 && method === "GET" && attempt === 0 && wait > 0 && wait <= 15) {
      await new Promise((resolve) => setTimeout(resolve, wait * 1000));
      continue;
    }
    throw failure(response, data);
  }
}

// XMLHttpRequest rather than fetch: only it reports upload progress.
export async function upload(file, fields, onProgress) {
  const auth = await analysisAuth();
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) if (value) form.append(name, value);
    form.append("file", file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/v1/analyses/upload");
    for (const [name, value] of Object.entries(auth)) xhr.setRequestHeader(name, value);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.addEventListener("progress", (e) => {
      if (e.lengthComputable) onProgress(e.loaded, e.total);
    });
    xhr.addEventListener("load", () => {
      let data;
      try { data = JSON.parse(xhr.responseText); } catch { data = { detail: xhr.statusText }; }
      if (xhr.status >= 200 && xhr.status < 300) resolve(data);
      else reject(new ApiError(xhr.status, data.detail || "Upload failed",
        Number(xhr.getResponseHeader("Retry-After")) || null));
    });
    xhr.addEventListener("error", () => reject(new ApiError(0, "The upload was interrupted")));
    xhr.addEventListener("abort", () => reject(new ApiError(0, "The upload was cancelled")));
    xhr.send(form);
  });
}

// --- progress: Server-Sent Events --------------------------------------------------------

const STREAM_EVENTS = ["step_start", "step_done", "step_failed", "pipeline_done", "pipeline_failed"];

// Calls onEvent(type, data) until a pipeline_* event; returns a function that stops following.
// The signed stream_url works with a plain EventSource; without one (an analysis opened from
// the list) the stream is read with fetch, which can send the key.
export function follow(analysisId, onEvent, onError) {
  const url = session.streamUrl(analysisId);
  let stopped = false;
  let source = null;
  const controller = new AbortController();
  const stop = () => {
    stopped = true;
    if (source) source.close();
    controller.abort();
  };
  const deliver = (type, data) => {
    if (stopped) return;
    onEvent(type, data);
    if (type.startsWith("pipeline_")) stop();
  };
  if (url) {
    source = new EventSource(url);
    for (const type of STREAM_EVENTS) {
      source.addEventListener(type, (e) => deliver(type, JSON.parse(e.data)));
    }
    source.addEventListener("error", () => {
      // EventSource retries by itself; CLOSED means it gave up (e.g. the token expired).
      if (source.readyState === EventSource.CLOSED && !stopped) {
        source = null;
        readWithFetch(analysisId, deliver, controller.signal).catch((e) => !stopped && onError(e));
      }
    });
  } else {
    readWithFetch(analysisId, deliver, controller.signal).catch((e) => !stopped && onError(e));
  }
  return stop;
}

async function readWithFetch(analysisId, deliver, signal) {
  let lastId = 0;
  for (let attempt = 0; attempt < 5; attempt++) {
    const headers = { Accept: "text/event-stream", ...(await analysisAuth()) };
    if (lastId) headers["Last-Event-ID"] = String(lastId);
    const response = await fetch(`/v1/analyses/${encodeURIComponent(analysisId)}/stream`,
      { headers, signal });
    if (!response.ok) {
      const data = await response.json().catch(() => ({}));
      throw failure(response, data);
    }
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value.replaceAll("\r\n", "\n");
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const message = parseMessage(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
        if (!message) continue;
        lastId = message.id || lastId;
        deliver(message.event, message.data);
        if (message.event.startsWith("pipeline_")) return;
      }
    }
    // The server closes long streams; resume after the last event seen.
  }
  throw new ApiError(0, "The progress stream keeps closing");
}

function parseMessage(text) {
  let event = "message";
  let id = 0;
  const data = [];
  for (const line of text.split("\n")) {
    if (!line || line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "event") event = value;
    else if (field === "data") data.push(value);
    else if (field === "id") id = Number(value) || 0;
  }
  return data.length ? { event, id, data: JSON.parse(data.join("\n")) } : null;
}
