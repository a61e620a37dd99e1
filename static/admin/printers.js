// Admin → Impresoras: live printer health and job states (Socket.IO room "staff"); on the edit form, show only
// the connection fields of the chosen backend. Without JavaScript every field stays visible and the list is static.
"use strict";
(function () {
  // Printer states and job statuses arrive with their labels (core/printing/print_queue.py).

  function formatTime(iso) {
    if (!iso) { return "—"; }
    var d = new Date(iso);
    return d.toLocaleString("es-BO", { timeZone: "America/La_Paz", day: "numeric", month: "2-digit", year: "numeric",
      hour: "2-digit", minute: "2-digit", second: "2-digit" });
  }

  function setText(cell, main, small) {
    cell.textContent = main;
    if (small) {
      cell.appendChild(document.createElement("br"));
      var s = document.createElement("small");
      s.textContent = small;
      cell.appendChild(s);
    }
  }

  function showHealth(h) {
    var row = document.querySelector('#prn-printers tr[data-printer="' + CSS.escape(h.printer) + '"]');
    if (!row) { return; }
    var badge = row.querySelector('[data-field="state"]');
    badge.className = "prn-badge prn-" + h.state;
    badge.textContent = h.state_label || h.state;
    var err = row.querySelector('[data-field="last_error"]');
    if (h.last_error) { setText(err, h.last_error, formatTime(h.last_error_at)); } else { err.textContent = "—"; }
    row.querySelector('[data-field="last_success"]').textContent = formatTime(h.last_success_at);
  }

  function showJob(job, quiet) {
    var row = document.querySelector('#prn-jobs tr[data-job="' + job.id + '"]');
    if (!row) {
      if (!quiet) { document.getElementById("prn-new").hidden = false; }
      return;
    }
    var label = job.status_label || job.status;
    setText(row.querySelector('[data-field="status"]'), label, job.status !== "failed" ? job.error : null);
    row.querySelector('[data-field="attempts"]').textContent = job.attempts;
  }

  function live() {
    var status = document.getElementById("prn-live");
    if (!status || typeof io === "undefined") { return; }
    var socket = io({ transports: ["websocket"], reconnectionDelayMax: 5000 });
    socket.on("connect", function () {
      status.textContent = "Estado en vivo: conectado";
      status.classList.remove("off");
      // Catch up on what changed while disconnected.
      fetch(status.dataset.healthUrl, {
        credentials: "same-origin", headers: { Accept: "application/json" }
      }).then(function (r) { return r.ok ? r.json() : null; }).then(function (data) {
        if (data) {
          data.printers.forEach(showHealth);
          data.jobs.forEach(function (job) { showJob(job, true); });
        }
      }).catch(function () {});
    });
    socket.on("disconnect", function () {
      status.textContent = "Estado en vivo: sin conexión, reintentando…";
      status.classList.add("off");
    });
    socket.on("printer_health", showHealth);
    socket.on("print_job", showJob);
  }

  function backendFields() {
    var select = document.getElementById("f-backend");
    if (!select) { return; }
    function update() {
      document.querySelectorAll(".prn-group[data-backend]").forEach(function (group) {
        group.hidden = group.dataset.backend !== select.value;
      });
    }
    select.addEventListener("change", update);
    update();
  }

  live();
  backendFields();
})();
