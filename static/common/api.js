/* Turnero.api: every call a screen makes to the server.

   JSON in and out, the CSRF token from <meta name="csrf-token"> (templates/base.html), a timeout, and the
   server's error shape `{"error": {"code", "message", "details"}}` turned into an ApiError whose message is
   the server's Spanish sentence. No answer at all (offline, timeout) is a NetworkError instead, so a screen
   can tell "the server said no" from "the server is not there". */
(() => {
  "use strict";
  const Turnero = (window.Turnero = window.Turnero || {});

  const TIMEOUT_MS = 10000;
  const FALLBACK_MESSAGE = "No se pudo completar la operación.";

  const csrfToken = () => document.querySelector('meta[name="csrf-token"]')?.content || "";

  /** The server answered with an error status. `message` is its Spanish message (or a generic one). */
  class ApiError extends Error {
    constructor(status, body) {
      const error = (body && body.error) || {};
      super(error.message || FALLBACK_MESSAGE);
      this.name = "ApiError";
      this.status = status;
      this.code = error.code || "error";
      this.details = error.details;
      this.serverMessage = error.message || null; // null when the server gave no sentence of its own
    }
  }

  /** No answer: the network is down, the server is not running, or it took longer than the timeout. */
  class NetworkError extends Error {
    constructor(cause) {
      super("Sin conexión con el servidor.");
      this.name = "NetworkError";
      this.cause = cause;
      this.timedOut = Boolean(cause && cause.name === "AbortError");
    }
  }

  /* One request; `read(response)` reads the body while the timeout still runs. */
  async function send(method, url, { body, accept, timeoutMs = TIMEOUT_MS, read }) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const headers = { Accept: accept, "X-CSRFToken": csrfToken() };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    try {
      let response;
      try {
        response = await fetch(url, {
          method, headers, credentials: "same-origin", signal: controller.signal,
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      } catch (error) {
        throw new NetworkError(error);
      }
      Turnero.time?.syncFromHttpDate(response.headers.get("Date"));
      return await read(response);
    } finally {
      clearTimeout(timer);
    }
  }

  async function readJson(response) {
    let data = null;
    try { data = await response.json(); } catch (_e) { data = null; }
    if (!response.ok) throw new ApiError(response.status, data);
    if (data && typeof data.server_time === "string") Turnero.time?.sync(data.server_time);
    return data;
  }

  async function readText(response) {
    if (!response.ok) {
      let data = null;
      try { data = await response.json(); } catch (_e) { data = null; }
      throw new ApiError(response.status, data);
    }
    return response.text();
  }

  /** A JSON call: `await call("POST", url, {account: "100400"})` → the parsed answer. */
  function call(method, url, body, { timeoutMs } = {}) {
    return send(method, url, { body, accept: "application/json", timeoutMs, read: readJson });
  }

  /** An HTML fragment rendered by the server (a partial template), as text. */
  function html(url, { timeoutMs } = {}) {
    return send("GET", url, { accept: "text/html", timeoutMs, read: readText });
  }

  /* crypto.randomUUID needs a secure context; kiosks on a LAN address over plain HTTP may not have one. */
  function newKey() {
    if (window.crypto && typeof window.crypto.randomUUID === "function" && window.isSecureContext) {
      return window.crypto.randomUUID();
    }
    const bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  /* Jobs being watched, by id: a page whose socket hears `print_job` (the kiosk, in its device room) passes each
     to jobSettled, which ends that watch at once; the poll is then only the fallback for a lost connection. A job
     can be printed before the answer that names it has been read (the worker is quick, and the socket is another
     connection): the last few such states wait here for their watch. */
  const watched = new Map();
  const early = new Map();
  const EARLY_KEPT = 20;

  /** Poll a print job's URL until it is done or failed; `onDone(ok, error)` is called once. With `job` (its id), a
      pushed state settles it sooner (jobSettled). Returns a stop(). */
  function watchJob(url, onDone, { job = null, intervalMs = 800, maxWaitMs = 40000 } = {}) {
    const started = Date.now();
    let stopped = false;
    const stop = () => { stopped = true; if (watched.get(job) === settle) watched.delete(job); };
    const finish = (ok, error) => { if (stopped) return; stop(); onDone(ok, error); };
    const settle = (state) => {
      if (state.status === "done") finish(true, null);
      else if (state.status === "failed") finish(false, state.error);
    };
    if (job !== null) {
      watched.set(job, settle);
      if (early.has(job)) setTimeout(() => settle(early.get(job)), 0);  // onDone after watchJob has returned
    }
    const tick = async () => {
      if (stopped) return;
      try {
        const state = await call("GET", url);
        settle(state);
        if (stopped) return;
      } catch (_e) { /* keep trying until the deadline */ }
      if (Date.now() - started > maxWaitMs) { finish(false, null); return; }
      setTimeout(tick, intervalMs);
    };
    setTimeout(tick, intervalMs);
    return stop;
  }

  /** A pushed job state ({id, status, error}): settles the watch of that job, if any. */
  function jobSettled(state) {
    if (!state) return;
    const settle = watched.get(state.id);
    if (settle) { settle(state); return; }
    early.set(state.id, state);
    if (early.size > EARLY_KEPT) early.delete(early.keys().next().value);
  }

  // A print job's state, for `watchJob` (kiosk/routes.py `job_state`): one address for every screen.
  const printJobUrl = (job) => `/kiosk/impresiones/${job}`;

  Turnero.api = {
    call,
    get: (url, options) => call("GET", url, undefined, options),
    post: (url, body, options) => call("POST", url, body, options),
    html,
    newKey,
    watchJob,
    jobSettled,
    printJobUrl,
    ApiError,
    NetworkError,
  };
})();
