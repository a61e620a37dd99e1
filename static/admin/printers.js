/* Admin → Impresoras: live printer health and job states (Socket.IO room "staff"); on the edit form, show only
   the connection fields of the chosen backend. Without JavaScript every field stays visible and the list is static. */
(() => {
  "use strict";
  const { api, live, time } = window.Turnero;

  // Printer states and job statuses arrive with their labels (core/printing/print_queue.py).

  function setText(cell, main, small) {
    cell.textContent = main;
    if (small) {
      cell.appendChild(document.createElement("br"));
      const s = document.createElement("small");
      s.textContent = small;
      cell.appendChild(s);
    }
  }

  function showHealth(h) {
    const row = document.querySelector(`#prn-printers tr[data-printer="${CSS.escape(h.printer)}"]`);
    if (!row) return;
    // A resync answer read before a live push may arrive after it: never let the older check undo the newer.
    const checked = h.last_checked_at ? Date.parse(h.last_checked_at) : 0;
    if (checked < Number(row.dataset.checkedAt || 0)) return;
    row.dataset.checkedAt = String(checked);
    const badge = row.querySelector('[data-field="state"]');
    badge.className = `prn-badge prn-${h.state}`;
    badge.textContent = h.state_label || h.state;
    const err = row.querySelector('[data-field="last_error"]');
    if (h.last_error) setText(err, h.last_error, time.dateTime(h.last_error_at));
    else err.textContent = "—";
    row.querySelector('[data-field="last_success"]').textContent = time.dateTime(h.last_success_at);
  }

  function showJob(job, quiet) {
    const row = document.querySelector(`#prn-jobs tr[data-job="${job.id}"]`);
    if (!row) {
      if (!quiet) document.getElementById("prn-new").hidden = false;
      return;
    }
    const label = job.status_label || job.status;
    setText(row.querySelector('[data-field="status"]'), label, job.status !== "failed" ? job.error : null);
    row.querySelector('[data-field="attempts"]').textContent = job.attempts;
  }

  function liveStatus() {
    const status = document.getElementById("prn-live");
    if (!status || !live) return; // the edit form: no live list
    live.connect({
      onStatus: (online) => {
        status.textContent = online ? "Estado en vivo: conectado" : "Estado en vivo: sin conexión, reintentando…";
        status.classList.toggle("off", !online);
      },
      // Catch up on what changed while disconnected.
      resync: async () => {
        try {
          const data = await api.get(status.dataset.healthUrl);
          data.printers.forEach(showHealth);
          data.jobs.forEach((job) => showJob(job, true));
        } catch (_e) { /* the next event or reconnect tries again */ }
      },
    })
      .on("printer_health", showHealth)
      .on("print_job", (job) => showJob(job));
  }

  function backendFields() {
    const select = document.getElementById("f-backend");
    if (!select) return;
    const update = () => {
      document.querySelectorAll(".prn-group[data-backend]").forEach((group) => {
        group.hidden = group.dataset.backend !== select.value;
      });
    };
    select.addEventListener("change", update);
    update();
  }

  liveStatus();
  backendFields();
})();
