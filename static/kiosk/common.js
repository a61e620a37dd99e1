/* Shared by the kiosk and reception screens: JSON calls with the CSRF header, ids, print-job polling. */
(function () {
  "use strict";

  const csrf = () => (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

  class ApiError extends Error {
    constructor(status, body) {
      const error = (body && body.error) || {};
      super(error.message || "Error " + status);
      this.status = status;
      this.code = error.code || "error";
      this.details = error.details;
    }
  }

  async function call(method, url, body, timeoutMs) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs || 10000);
    const headers = { Accept: "application/json", "X-CSRFToken": csrf() };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    try {
      const response = await fetch(url, {
        method, headers, credentials: "same-origin", signal: controller.signal,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      let data = null;
      try { data = await response.json(); } catch (_e) { data = null; }
      if (!response.ok) throw new ApiError(response.status, data);
      return data;
    } finally {
      clearTimeout(timer);
    }
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

  /* Poll a print job until it is done or failed; `onDone(ok, error)` is called once. */
  function watchJob(jobId, onDone, { intervalMs = 800, maxWaitMs = 40000 } = {}) {
    const started = Date.now();
    let stopped = false;
    async function tick() {
      if (stopped) return;
      try {
        const state = await call("GET", "/kiosk/impresiones/" + jobId);
        if (state.status === "done") { stopped = true; onDone(true, null); return; }
        if (state.status === "failed") { stopped = true; onDone(false, state.error); return; }
      } catch (_e) { /* keep trying until the deadline */ }
      if (Date.now() - started > maxWaitMs) { stopped = true; onDone(false, null); return; }
      setTimeout(tick, intervalMs);
    }
    setTimeout(tick, intervalMs);
    return () => { stopped = true; };
  }

  /* "2026-11-23T09:05:00-04:00" is already La Paz time: show its clock part as is. */
  function localTime(iso) {
    return iso ? iso.slice(11, 16) : "";
  }

  function localDate(iso) {
    return iso ? iso.slice(8, 10) + "/" + iso.slice(5, 7) + "/" + iso.slice(0, 4) : "";
  }

  window.Turnero = { call, ApiError, newKey, watchJob, localTime, localDate };
})();
