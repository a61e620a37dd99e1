/* Desk console: buttons and keyboard shortcuts call /api/v1 (the same core functions as every other client);
   live updates come over Socket.IO (`ticket_changed`, `desk_changed` in the staff room) and refresh the
   state from /desk/state. While a request is in flight every action is disabled: a double click cannot call
   twice (and the engine refuses a second active ticket anyway). */
(function () {
  "use strict";

  var root = document.getElementById("console");
  var deskCode = root.dataset.desk;
  var csrf = document.querySelector("meta[name=csrf-token]").content;
  var state = JSON.parse(root.dataset.state);
  var busy = false;
  var clockOffsetMs = 0;
  var STATUS = JSON.parse(root.dataset.labels).statuses; // the server's ticket status labels
  var SHORTCUTS = { n: "call-next", r: "recall", e: "call-specific", i: "start", f: "finish", x: "no-show",
    t: "transfer", p: "pause" };

  function el(id) { return document.getElementById(id); }
  function node(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text !== undefined && text !== null) n.textContent = text;
    return n;
  }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function duration(seconds) {
    seconds = Math.max(0, Math.floor(seconds));
    var h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
    return (h ? h + ":" + pad(m) : m) + ":" + pad(s);
  }
  function serverNow() { return Date.now() + clockOffsetMs; }
  function say(text, kind) {
    var box = el("message");
    box.textContent = text || "";
    box.className = "message" + (kind ? " " + kind : "");
  }

  /* ---- rendering */
  function renderCurrent() {
    var box = el("current");
    var t = state.current;
    box.textContent = "";
    if (!t) {
      box.appendChild(node("p", "empty", state.desk.state === "paused"
        ? "Mesón en pausa. Pulse «Reanudar» para volver a llamar."
        : "Sin ficha activa. Pulse «Llamar siguiente»."));
      return;
    }
    box.appendChild(node("p", "ticket-number", t.number));
    var status = node("p", "ticket-status");
    status.appendChild(node("span", "status-label", STATUS[t.status] || t.status));
    status.appendChild(document.createTextNode(" · "));
    var elapsed = node("span", "", "");
    elapsed.id = "elapsed";
    status.appendChild(elapsed);
    box.appendChild(status);
    var dl = node("dl", "ticket-facts");
    function fact(label, value) {
      if (!value) return;
      dl.appendChild(node("dt", "", label));
      dl.appendChild(node("dd", "", value));
    }
    fact("Trámite", t.transaction_label);
    fact("Cola", t.queue_name);
    fact("Atención preferencial", t.preferential_label);
    fact("Cuenta", t.account);
    fact("Llamadas repetidas", t.recalls ? String(t.recalls) : "");
    box.appendChild(dl);
    if (t.verification_label || t.verification_note) {
      var alert = node("div", "alert verification-" + t.verification);
      alert.appendChild(node("strong", "", t.verification === "unverified" ? "Verificación pendiente" : "Observación"));
      if (t.verification_label) alert.appendChild(node("p", "", t.verification_label));
      if (t.verification_note) alert.appendChild(node("p", "", t.verification_note));
      box.appendChild(alert);
    }
    var acc = t.account_info;
    if (acc && acc.found && (Number(acc.debt) > 0 || acc.pending_requirements.length || acc.notes)) {
      var notes = node("div", "alert account");
      notes.appendChild(node("strong", "", "Notas de la cuenta " + acc.number));
      if (Number(acc.debt) > 0) notes.appendChild(node("p", "", "Deuda: Bs " + acc.debt));
      acc.pending_requirements.forEach(function (r) { notes.appendChild(node("p", "", "Requisito pendiente: " + r)); });
      if (acc.notes) notes.appendChild(node("p", "", acc.notes));
      box.appendChild(notes);
    }
    tickElapsed();
  }

  function tickElapsed() {
    var t = state.current;
    var span = el("elapsed");
    if (!t || !span) return;
    var since = t.status === "serving" ? t.started_at : t.called_at;
    var label = "hace ";
    span.textContent = since ? label + duration((serverNow() - Date.parse(since)) / 1000) : "";
  }

  function renderQueues() {
    var body = el("queues");
    body.textContent = "";
    state.queues.forEach(function (q) {
      var tr = node("tr");
      tr.appendChild(node("td", "", q.prefix + " · " + q.name));
      tr.appendChild(node("td", "num", String(q.waiting)));
      tr.appendChild(node("td", "num", q.waiting ? duration(q.longest_wait_s) : "—"));
      body.appendChild(tr);
    });
  }

  function renderWaiting() {
    var body = el("waiting");
    var select = el("specific-ticket");
    var chosen = select.value; // a refresh while the dialog is open keeps the agent's choice
    body.textContent = "";
    select.textContent = "";
    if (!state.waiting.length) {
      var tr = node("tr");
      var td = node("td", "empty", "Nadie en espera.");
      td.colSpan = 4;
      tr.appendChild(td);
      body.appendChild(tr);
    }
    state.waiting.forEach(function (w) {
      var row = node("tr");
      row.appendChild(node("td", "strong", w.number + (w.preferential ? " ★" : "")));
      row.appendChild(node("td", "", w.transaction_label));
      row.appendChild(node("td", "num", duration(w.waited_s)));
      var cell = node("td");
      var button = node("button", "small", "Llamar");
      button.type = "button";
      button.dataset.action = "call-ticket";
      button.dataset.ticket = String(w.id);
      button.setAttribute("aria-label", "Llamar la ficha " + w.number);
      cell.appendChild(button);
      row.appendChild(cell);
      body.appendChild(row);
      var option = node("option", "", w.number + " · " + w.transaction_label);
      option.value = String(w.id);
      select.appendChild(option);
    });
    if (chosen && select.querySelector("option[value='" + chosen + "']")) select.value = chosen;
  }

  function renderDesk() {
    var paused = state.desk.state === "paused";
    el("desk-state").textContent = paused ? "En pausa" : "Abierto";
    el("desk-state").className = "badge " + (paused ? "paused" : "open");
    if (state.desk.agent) el("desk-agent").textContent = state.desk.agent;
    var pause = document.querySelector("[data-action=pause]");
    pause.firstChild.nodeValue = paused ? "Reanudar " : "Pausa ";
  }

  /* Which actions make sense now (the server checks again). */
  function allowed(action) {
    var t = state.current, paused = state.desk.state === "paused";
    switch (action) {
      case "call-next": case "call-specific": case "call-ticket": return !t && !paused;
      case "recall": case "start": case "no-show": return !!t && t.status === "called";
      case "finish": case "transfer": return !!t;
      case "pause": return !t;
      default: return false;
    }
  }
  function refreshButtons() {
    document.querySelectorAll("[data-action]").forEach(function (b) {
      b.disabled = busy || !allowed(b.dataset.action);
    });
    if (!state.waiting.length) document.querySelector("[data-action=call-specific]").disabled = true;
  }

  function render() {
    var t = Date.parse(state.server_time);
    if (!isNaN(t)) clockOffsetMs = t - Date.now();
    renderDesk();
    renderCurrent();
    renderQueues();
    renderWaiting();
    refreshButtons();
    root.dataset.current = state.current ? state.current.number : "";
    root.dataset.deskState = state.desk.state;
  }

  /* ---- server calls */
  function request(method, url, body) {
    return fetch(url, {
      method: method, credentials: "same-origin",
      headers: { "Accept": "application/json", "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) {
          var message = (data.error && data.error.message) || "No se pudo completar la operación.";
          throw new Error(message);
        }
        return data;
      });
    });
  }

  var refreshing = null;
  function refresh() {
    if (refreshing) return refreshing;
    refreshing = request("GET", "/desk/state").then(function (data) {
      state = data;
      render();
    }).catch(function (error) { say(error.message, "error"); })
      .then(function () { refreshing = null; });
    return refreshing;
  }

  function act(action, payload, done) {
    if (busy) return; // a second click while the first is on its way does nothing
    busy = true;
    refreshButtons();
    var base = "/api/v1/desks/" + encodeURIComponent(deskCode) + "/";
    var call;
    if (action === "transfer") call = request("POST", "/api/v1/tickets/" + state.current.id + "/transfer", payload);
    else if (action === "call-ticket") call = request("POST", base + "call", payload);
    else if (action === "pause") call = request("POST", base + (state.desk.state === "paused" ? "resume" : "pause"));
    else call = request("POST", base + action, payload);
    call.then(function (data) {
      say(done(data), "ok");
    }).catch(function (error) {
      say(error.message, "error");
    }).then(function () {
      busy = false;
      return refresh();
    });
  }

  var DONE = {
    "call-next": function (d) { return "Llamando a la ficha " + d.ticket.number + "."; },
    "call-ticket": function (d) { return "Llamando a la ficha " + d.ticket.number + "."; },
    "recall": function (d) { return "Se volvió a llamar a la ficha " + d.ticket.number + "."; },
    "start": function (d) { return "Atención iniciada: " + d.ticket.number + "."; },
    "finish": function (d) { return "Ficha " + d.ticket.number + " finalizada."; },
    "no-show": function (d) { return "Ficha " + d.ticket.number + " marcada como no presentada."; },
    "transfer": function (d) { return "Ficha " + d.ticket.number + " transferida."; },
    "pause": function (d) { return d.state === "paused" ? "Mesón en pausa." : "Mesón reanudado."; }
  };

  function openDialog(id) {
    var dialog = el(id);
    if (typeof dialog.showModal === "function") dialog.showModal();
    else dialog.setAttribute("open", "");
    var first = dialog.querySelector("select:not([disabled]), input:not([type=radio]), button");
    if (first) first.focus();
  }

  function run(action, button) {
    if (busy || !allowed(action)) return;
    if (action === "call-specific") { openDialog("dlg-specific"); return; }
    if (action === "finish") { el("finish-outcome").value = ""; openDialog("dlg-finish"); return; }
    if (action === "transfer") { openDialog("dlg-transfer"); return; }
    if (action === "call-ticket") { act("call-ticket", { ticket: Number(button.dataset.ticket) }, DONE["call-ticket"]); return; }
    act(action, undefined, DONE[action]);
  }

  root.addEventListener("click", function (event) {
    var button = event.target.closest("[data-action]");
    if (button && !button.disabled) run(button.dataset.action, button);
    var close = event.target.closest("[data-close]");
    if (close) close.closest("dialog").close();
  });

  /* Dialog forms: each submits one action. */
  root.querySelectorAll("form[data-dialog]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var kind = form.dataset.dialog;
      form.closest("dialog").close();
      if (kind === "call-specific") {
        act("call-ticket", { ticket: Number(el("specific-ticket").value) }, DONE["call-ticket"]);
      } else if (kind === "finish") {
        act("finish", { outcome: el("finish-outcome").value.trim() }, DONE.finish);
      } else if (kind === "transfer") {
        var toDesk = form.querySelector("input[name=kind]:checked").value === "desk";
        var payload = { keep_arrival: form.querySelector("input[name=keep_arrival]").checked,
          note: el("transfer-note").value.trim() };
        if (toDesk) payload.desk = el("transfer-desk").value; else payload.queue = el("transfer-queue").value;
        act("transfer", payload, DONE.transfer);
      }
    });
  });
  root.querySelectorAll("input[name=kind]").forEach(function (radio) {
    radio.addEventListener("change", function () {
      var toDesk = radio.value === "desk" && radio.checked;
      el("transfer-desk").disabled = !toDesk;
      el("transfer-queue").disabled = toDesk;
    });
  });

  /* Keyboard shortcuts, when no dialog is open and the focus is not in a text field. */
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.altKey || event.metaKey || event.repeat) return;
    if (document.querySelector("dialog[open]")) return;
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "select" || tag === "textarea") return;
    var action = SHORTCUTS[(event.key || "").toLowerCase()];
    if (!action) return;
    event.preventDefault();
    run(action, null);
  });

  /* ---- live updates */
  function concernsMe(ticket) {
    if (!ticket) return true;
    var mine = state.queues.some(function (q) { return q.code === ticket.queue; });
    return mine || ticket.current_desk === deskCode || ticket.target_desk === deskCode ||
      (state.current && state.current.id === ticket.id);
  }
  var pending = null;
  function refreshSoon() {
    clearTimeout(pending);
    pending = setTimeout(refresh, 150);
  }
  function setLive(online) {
    var live = el("live");
    live.dataset.state = online ? "online" : "offline";
    el("live-text").textContent = online ? "En línea" : "Sin conexión · reconectando…";
  }
  var socket = io({ transports: ["websocket"], reconnectionDelayMax: 5000 });
  socket.on("connect", function () { setLive(true); refreshSoon(); }); // catch up on what happened meanwhile
  socket.on("disconnect", function () { setLive(false); });
  socket.on("connect_error", function () { setLive(false); });
  socket.on("ticket_changed", function (msg) { if (concernsMe(msg.ticket)) refreshSoon(); });
  socket.on("desk_changed", function (msg) { if (!msg.desk || msg.desk === deskCode) refreshSoon(); });
  socket.on("config_changed", refreshSoon);

  render();
  setInterval(function () {
    tickElapsed();
    state.queues.forEach(function (q) { if (q.waiting) q.longest_wait_s += 1; });
    state.waiting.forEach(function (w) { w.waited_s += 1; });
  }, 1000);
  setInterval(function () { renderQueues(); }, 15000);
})();
