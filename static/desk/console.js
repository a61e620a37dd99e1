/* Desk console: buttons and keyboard shortcuts call /api/v1 (the same core functions as every other client);
   live updates come over Socket.IO (`ticket_changed`, `desk_changed` in the staff room) and refresh the
   state from /desk/state. While a request is in flight every action is disabled: a double click cannot call
   twice (and the engine refuses a second active ticket anyway). */
(() => {
  "use strict";
  const { api, live, time, deskTransfer } = window.Turnero;

  const root = document.getElementById("console");
  const deskCode = root.dataset.desk;
  let state = JSON.parse(root.dataset.state);
  let busy = false;
  const LABELS = JSON.parse(root.dataset.labels);
  const STATUS = LABELS.statuses; // the server's ticket status labels
  const DESK_STATES = LABELS.desk_states;
  const SHORTCUTS = { n: "call-next", r: "recall", e: "call-specific", i: "start", f: "finish", x: "no-show",
    t: "transfer", p: "pause" };

  const el = (id) => document.getElementById(id);
  function node(tag, cls, text) {
    const n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text !== undefined && text !== null) n.textContent = text;
    return n;
  }
  const NETWORK_BACK = "Conexión restablecida. Lo que pulsó sin conexión no se hizo: la pantalla muestra el estado actual.";
  function say(text, kind, error = null) {
    const box = el("message");
    box.textContent = text || "";
    box.className = `message${kind ? ` ${kind}` : ""}`;
    if (error instanceof api.NetworkError) box.dataset.network = "1";
    else delete box.dataset.network;
  }

  /* ---- rendering */
  function renderCurrent() {
    const box = el("current");
    const t = state.current;
    box.textContent = "";
    if (!t) {
      box.appendChild(node("p", "empty", state.desk.state === "paused"
        ? "Mesón en pausa. Pulse «Reanudar» para volver a llamar."
        : "Sin ficha activa. Pulse «Llamar siguiente»."));
      return;
    }
    box.appendChild(node("p", "ticket-number", t.number));
    const status = node("p", "ticket-status");
    status.appendChild(node("span", "status-label", STATUS[t.status] || t.status));
    status.appendChild(document.createTextNode(" · "));
    const elapsed = node("span", "", "");
    elapsed.id = "elapsed";
    status.appendChild(elapsed);
    box.appendChild(status);
    const dl = node("dl", "ticket-facts");
    const fact = (label, value) => {
      if (!value) return;
      dl.append(node("dt", "", label), node("dd", "", value));
    };
    fact("Trámite", t.transaction_label);
    fact("Cola", t.queue_name);
    fact("Atención preferencial", t.preferential_label);
    fact("Cuenta", t.account);
    fact("Titular", t.holder); // staff only, once the account was verified (core/tickets/console.py holder)
    fact("Llamadas repetidas", t.recalls ? String(t.recalls) : "");
    if (t.requirements && t.requirements.length) { // P01: the desk checks what the customer brings
      const list = node("ul", "requirements");
      list.id = "requirements";
      t.requirements.forEach((r) => { list.appendChild(node("li", "", r)); });
      const dd = node("dd");
      dd.appendChild(list);
      dl.append(node("dt", "", "Requisitos"), dd);
    }
    box.appendChild(dl);
    if (t.transfer) { // the sender's note, so the customer need not explain everything again
      const sent = node("div", "alert transfer-note");
      sent.id = "transferred-from";
      sent.appendChild(node("strong", "", `Transferida desde ${t.transfer.from}`));
      sent.appendChild(node("p", "", `${t.transfer.by} · ${time.clock(t.transfer.at)}`));
      if (t.transfer.note) sent.appendChild(node("p", "note", `«${t.transfer.note}»`));
      box.appendChild(sent);
    }
    const note = t.account_note; // one note: the verification's reason and the account's own notes
    if (note) {
      const alert = node("div", `alert verification-${note.kind}`);
      alert.id = "account-note";
      alert.appendChild(node("strong", "", note.title));
      note.lines.forEach((line) => { alert.appendChild(node("p", "", line)); });
      if (note.can_recheck) {
        const again = node("button", "small", "Volver a verificar la cuenta");
        again.type = "button";
        again.dataset.action = "recheck-account";
        alert.appendChild(again);
      }
      box.appendChild(alert);
    }
    if (t.auto_no_show) { // the recall limit was reached, but not yet the no-show rule's minutes (or calls)
      const auto = node("div", "alert auto-no-show");
      auto.id = "auto-no-show";
      auto.append(node("strong", "", "«No se presentó» automático"), node("p"));
      box.appendChild(auto);
    }
    if (t.top10) { // staff only (issue 12): never on the customer's ticket or the panels
      const flag = node("div", "alert top10-flag");
      flag.appendChild(node("strong", "", t.top10.text));
      box.appendChild(flag);
    }
    tickElapsed();
  }

  function tickElapsed() {
    const t = state.current;
    const span = el("elapsed");
    if (!t || !span) return;
    // Called: since this desk's first call, which a recall does not restart (the card counts the recalls).
    const since = t.status === "serving" ? t.started_at : t.called_here_at || t.called_at;
    span.textContent = since ? `hace ${time.duration(time.secondsSince(since))}` : "";
    tickAutoNoShow(t);
  }

  /* Which recall will mark the ticket «No se presentó» by itself (core/tickets/desks.py recall): from `from` on,
     once the calls the rule asks for are made. It says so until then, and then that the next one will. */
  function tickAutoNoShow(t) {
    const box = el("auto-no-show");
    if (!box || !t.auto_no_show) return;
    const left = Math.max(t.auto_no_show.calls_left, 1);
    const recall = left === 1 ? "la vuelve a llamar" : `la llama ${left} veces más`;
    const times = t.recalls === 1 ? "1 vez" : `${t.recalls} veces`;
    const waiting = Date.parse(t.auto_no_show.from) > time.now();
    box.querySelector("p").textContent = waiting
      ? `Ya se la volvió a llamar ${times}, pero el cliente tiene hasta las ${time.clock(t.auto_no_show.from)} para llegar. Desde esa hora, si ${recall}, pasará sola a «No se presentó».`
      : `Ya se la volvió a llamar ${times} y pasó el tiempo para llegar: si ${recall}, pasará sola a «No se presentó».`;
  }

  function renderQueues() {
    el("queues").replaceChildren(...state.queues.map((q) => {
      const tr = node("tr");
      const count = node("td", "num", String(q.waiting));
      // Sent to another desk only: this desk cannot call them, and nobody does while that desk is closed or paused.
      (q.elsewhere || []).forEach((o) => {
        const stopped = { closed: ", que está cerrado", paused: ", que está en pausa" }[o.state] || "";
        count.append(node("span", `elsewhere${stopped ? " stopped" : ""}`, ` +${o.count} para ${o.named}${stopped}`));
      });
      q.cell = node("td", "num", q.waiting ? time.duration(q.longest_wait_s) : "—");
      tr.append(node("td", "", `${q.prefix} · ${q.name}`), count, q.cell);
      return tr;
    }));
  }

  /* Under a transferred ticket's row: from where and by whom (the receiving agent need not ask), and why its
     «Espera» is short for its place: the wait counts from the transfer, the place from its arrival. */
  function transferRow(w) {
    const t = w.transfer;
    const tr = node("tr", "transfer-detail");
    tr.dataset.detailOf = w.number;
    const td = node("td", "", "");
    td.colSpan = 4;
    const to = w.for_this_desk ? " a este mesón" : "";
    const from = t.from ? ` desde ${t.from}` : "";
    const by = t.by ? ` por ${t.by}` : "";
    let text = `Transferida${to}${from}${by} a las ${time.clock(t.at)}`;
    if (t.wait_restarted) { // a desk had the customer: «Espera» counts from the transfer, the place from the arrival
      text += " (su espera cuenta desde entonces";
      text += t.kept_place ? `; su lugar, desde su llegada a las ${time.clock(t.arrived_at)})` : ")";
    }
    td.append(node("span", "", `${text}.`));
    if (t.note) td.append(" ", node("span", "note", `«${t.note}»`));
    tr.append(node("td"), td);
    return tr;
  }

  function renderWaiting() {
    const body = el("waiting");
    const select = el("specific-ticket");
    const chosen = select.value; // a refresh while the dialog is open keeps the agent's choice
    body.textContent = "";
    select.textContent = "";
    if (!state.waiting.length) {
      const tr = node("tr");
      const td = node("td", "empty", "Nadie en espera.");
      td.colSpan = 5;
      tr.appendChild(td);
      body.appendChild(tr);
    }
    state.waiting.forEach((w, index) => {
      const row = node("tr");
      row.dataset.ticket = w.number;
      row.appendChild(node("td", "num order", String(index + 1)));
      const ticket = node("td", "strong", w.number);
      const badge = (cls, text) => { ticket.append(" ", node("span", `tag ${cls}`, text)); };
      if (w.preferential) badge("pref", w.preferential_label);
      if (w.unverified) badge("unverified", "Verificación pendiente");
      if (w.override) badge("override", "Emitida con observación"); // past debt or requirements, by reception
      if (w.transferred) badge("transferred", "Transferida");
      if (w.top10) badge("top10", "Cliente Top 10");
      row.appendChild(ticket);
      const tx = node("td", "", w.transaction_label);
      tx.title = w.transaction_label; // a long name is cut with «…» to keep one line per ticket
      row.appendChild(tx);
      w.cell = node("td", "num", time.duration(w.waited_s)); // ticks every second (below)
      row.appendChild(w.cell);
      const cell = node("td");
      const button = node("button", "small", "Llamar");
      button.type = "button";
      button.dataset.action = "call-ticket";
      button.dataset.ticket = String(w.id);
      button.setAttribute("aria-label", `Llamar la ficha ${w.number}`);
      cell.appendChild(button);
      row.appendChild(cell);
      body.appendChild(row);
      if (w.transfer) body.appendChild(transferRow(w));
      const option = node("option", "", `${w.number} · ${w.transaction_label}`);
      option.value = String(w.id);
      select.appendChild(option);
    });
    if (chosen && select.querySelector(`option[value='${chosen}']`)) select.value = chosen;
  }

  function renderDesk() {
    const paused = state.desk.state === "paused";
    // Closed under the agent (the nightly `close-desks`, a supervisor): said so, with nobody at it. «Abierto» and
    // the last agent's name stayed, and a customer was told «Ningún mesón abierto» meanwhile.
    const shown = DESK_STATES[state.desk.state] ? state.desk.state : "open";
    el("desk-state").textContent = DESK_STATES[shown];
    el("desk-state").className = `badge ${shown}`;
    el("desk-agent").textContent = state.desk.agent || "—";
    el("desk-closed").hidden = shown !== "closed";
    const today = state.today;
    const minutes = Math.floor((today.mean_service_s || 0) / 60); // 59 s is not «1 min»
    const mean = today.mean_service_s === null ? "" : ` · atención media ${minutes ? `${minutes} min` : "menos de 1 min"}`;
    // Two short lines beside the desk's name (the header stays one row at 1366×768): the count, then the mean.
    el("desk-today").replaceChildren(node("span", "", `Hoy en este mesón: ${today.served} ${today.served === 1 ? "atendido" : "atendidos"}`),
      ...(mean ? [node("span", "mean", mean)] : []));
    const pause = document.querySelector("[data-action=pause]");
    pause.firstChild.nodeValue = paused ? "Reanudar " : "Pausa ";
  }

  /* Which actions make sense now (the server checks again). */
  function allowed(action) {
    const t = state.current;
    const paused = state.desk.state === "paused";
    switch (action) {
      case "call-next": case "call-specific": case "call-ticket": return !t && !paused;
      case "recall": case "start": case "no-show": return Boolean(t) && t.status === "called";
      case "finish": case "transfer": return Boolean(t);
      case "recheck-account": return Boolean(t && t.account_note && t.account_note.can_recheck);
      case "undo-no-show": return !t && Boolean(state.undo_no_show) && Date.parse(state.undo_no_show.until) > time.now();
      case "pause": return !t;
      case "emergency": return true; // always: help is never refused for the desk's state
      default: return false;
    }
  }
  function refreshButtons() {
    document.querySelectorAll("[data-action]").forEach((b) => {
      b.disabled = (busy && b.dataset.action !== "emergency") || !allowed(b.dataset.action);
    });
    if (!state.waiting.length) document.querySelector("[data-action=call-specific]").disabled = true;
  }

  /* «Deshacer» for the no-show this desk marked moments ago, while the server's window lasts. */
  function renderUndo() {
    const offer = state.undo_no_show;
    const left = offer ? Math.ceil((Date.parse(offer.until) - time.now()) / 1000) : 0;
    const bar = el("undo-bar");
    bar.hidden = left <= 0;
    if (left > 0) el("undo-text").textContent = `Ficha ${offer.number} marcada como no presentada. Puede deshacerlo durante ${left} s.`;
  }

  function render() {
    renderUndo();
    renderDesk();
    renderCurrent();
    renderQueues();
    renderWaiting();
    refreshButtons();
    root.dataset.current = state.current ? state.current.number : "";
    root.dataset.deskState = state.desk.state;
    // A rename in Administración → Mesones reaches the open console (its heading kept the old name all day).
    if (el("desk-name").textContent !== state.desk.name) {
      el("desk-name").textContent = state.desk.name;
      document.title = `${state.desk.name} · COMTECO`; // as templates/base.html writes it
    }
  }

  /* ---- server calls */
  let refreshing = null;
  let rereading = null; // the one read queued behind `refreshing`
  /* The order changes by the clock alone when a normal ticket passes the max wait (core/tickets/console.py
     reorder_in_s): read the state again then, so the list stays what «Llamar siguiente» will call. */
  let reorderTimer = null;
  function rereadWhenTheOrderTurns() {
    clearTimeout(reorderTimer);
    if (Number.isFinite(state.reorder_in_s)) reorderTimer = setTimeout(refreshSoon, (state.reorder_in_s + 1) * 1000);
  }

  function refresh() {
    if (refreshing) {
      // A read already on its way may predate what the caller just changed (an action, a live event): read
      // once more after it, so the console never settles on the older state.
      if (!rereading) rereading = refreshing.then(() => { rereading = null; return refresh(); });
      return rereading;
    }
    refreshing = (async () => {
      try {
        state = await api.get("/desk/state"); // its server_time corrects the clock (api.js)
        render();
        rereadWhenTheOrderTurns();
      } catch (error) {
        say(error.message, "error", error);
      } finally {
        refreshing = null;
      }
    })();
    return refreshing;
  }

  async function act(action, payload, done) {
    if (busy) return; // a second click while the first is on its way does nothing
    busy = true;
    refreshButtons();
    const base = `/api/v1/desks/${encodeURIComponent(deskCode)}/`;
    let url = base + action;
    if (action === "transfer") url = `/api/v1/tickets/${state.current.id}/transfer`;
    else if (action === "call-ticket") url = `${base}call`;
    else if (action === "recheck-account") url = `${base}recheck-account`;
    else if (action === "undo-no-show") url = `${base}undo-no-show`;
    else if (action === "pause") url = base + (state.desk.state === "paused" ? "resume" : "pause");
    let failed = false;
    try {
      say(done(await api.post(url, payload)), "ok");
    } catch (error) {
      say(error.message, "error", error);
      failed = true;
    }
    // Busy until the state after the action is read: a key pressed meanwhile waits for it (below), judged
    // against the ticket the desk holds then rather than the one just finished.
    await refresh();
    busy = false;
    refreshButtons();
    showResult();
    const next = queued;
    queued = null;
    if (next && failed) refuse(next, "la acción anterior no se completó");
    else if (next) run(next, null, { keyed: true });
  }

  /* A shortcut pressed while an action is on its way: the last one, run once the console has the new state. */
  let queued = null;
  const ACTION_NAMES = { "call-next": "Llamar siguiente", "recall": "Volver a llamar",
    "call-specific": "Llamar ficha específica", "start": "Iniciar atención", "finish": "Finalizar",
    "no-show": "No se presentó", "transfer": "Transferir", "pause": "Pausa" };
  /* Why a shortcut does nothing now, in the agent's words (allowed() is the rule). */
  function whyNot(action) {
    const t = state.current;
    const paused = state.desk.state === "paused";
    if (action === "pause" && t) return `primero finalice o transfiera la ficha ${t.number}`;
    if (action.startsWith("call") && t) return `la ficha ${t.number} sigue en el mesón: finalícela o transfiérala primero`;
    if (action.startsWith("call") && paused) return "el mesón está en pausa: pulse «Reanudar»";
    if (action === "call-specific" && !state.waiting.length) return "nadie espera";
    if (!t) return "no hay ficha activa";
    if (t.status !== "called") return `la ficha ${t.number} ya está en atención`;
    return "no corresponde ahora";
  }
  function refuse(action, reason) {
    const name = action === "pause" && state.desk.state === "paused" ? "Reanudar" : ACTION_NAMES[action] || action;
    say(`«${name}» no se hizo: ${reason}.`, "error");
  }

  /* Every action's result shows at the top: the message and «Ficha actual» (its notes, the card of the ticket
     just called). An agent who called from low in a long waiting list would not see them: scroll them back. */
  const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
  function showResult() {
    const message = el("message"); // at the top of the page, «Ficha actual» right below it
    if (message.getBoundingClientRect().top >= 0) return; // not scrolled past: both on screen already
    message.scrollIntoView({ block: "start", behavior: reducedMotion.matches ? "auto" : "smooth" });
  }

  const DONE = {
    "call-next": (d) => `Llamando a la ficha ${d.ticket.number}.`,
    "call-ticket": (d) => `Llamando a la ficha ${d.ticket.number}.`,
    "recall": (d) => (d.ticket.status === "no_show"
      ? `La ficha ${d.ticket.number} pasó sola a «No se presentó» tras ${d.ticket.recalls} rellamadas.`
      : `Se volvió a llamar a la ficha ${d.ticket.number}.`),
    "undo-no-show": (d) => `Se deshizo «No se presentó»: la ficha ${d.ticket.number} vuelve a estar llamada.`,
    "start": (d) => `Atención iniciada: ${d.ticket.number}.`,
    "finish": (d) => `Ficha ${d.ticket.number} finalizada.`,
    "recheck-account": (d) => d.message,
    "no-show": (d) => `Ficha ${d.ticket.number} marcada como no presentada.`,
    // Sent to another room, the customer must be told where to go now: their printed ticket names the old room,
    // and the call will show only on the new room's panel (an audit: nobody told them to go up).
    "transfer": (d, fromArea) => {
      const t = d.ticket;
      const done = `Ficha ${t.number} transferida${t.destination ? ` a ${t.destination}` : ""}.`;
      if (!fromArea || t.area === fromArea) return done;
      const directions = t.area_directions ? ` ${t.area_directions}` : "";
      // What to say, in reception's words (its «ficha emitida» box): «Indíquele: espere en …».
      return `${done} Indíquele: espere en ${t.area_name}.${directions} Su número aparecerá en el panel de esa sala.`;
    },
    "emergency": (d) => `Aviso enviado a supervisión (${time.clock(d.alert.raised_at)}).`,
    "pause": (d) => (d.state === "paused" ? "Mesón en pausa." : "Mesón reanudado."),
  };

  function openDialog(id) {
    const dialog = el(id);
    if (typeof dialog.showModal === "function") dialog.showModal();
    else dialog.setAttribute("open", "");
    const first = dialog.querySelector("[autofocus]") ||
      dialog.querySelector("select:not([disabled]), input:not([type=radio]), button");
    if (first) first.focus();
  }

  /* «Emergencia»: sent at once, even while another action is on its way; only supervisors' monitors show it. */
  async function emergency() {
    try {
      say(DONE.emergency(await api.post(`/api/v1/desks/${encodeURIComponent(deskCode)}/emergency`)), "ok");
    } catch (error) {
      say(error.message, "error", error);
    }
  }

  /* «No se presentó» is deliberate: the agent confirms, and may still undo it for a while. The server says first
     whether it would be accepted now (its rule: calls and minutes since this desk's first call), so a dialog
     is never confirmed only to be refused. */
  let checkingNoShow = null; // the check on its way; Escape meanwhile drops the dialog it would open
  async function confirmNoShow() {
    busy = true;
    refreshButtons();
    const mine = {};
    checkingNoShow = mine;
    let check = null;
    try {
      check = await api.get(`/api/v1/desks/${encodeURIComponent(deskCode)}/no-show`);
    } catch (error) {
      say(error.message, "error", error);
    }
    const escaped = checkingNoShow !== mine;
    checkingNoShow = null;
    busy = false;
    refreshButtons();
    const next = queued;
    queued = null;
    if (check && !check.allowed) say(check.message, "error");
    if (!check || !check.allowed || escaped || !allowed("no-show")) {
      if (next) run(next, null, { keyed: true });
      return;
    }
    const undo = state.undo_seconds > 0
      ? `Podrá deshacerlo durante ${state.undo_seconds} s.` : "No se podrá deshacer.";
    el("dlg-no-show-text").textContent =
      `La ficha ${state.current.number} dejará el mesón y saldrá de «Llamando». ${undo}`;
    openDialog("dlg-no-show");
    if (next) refuse(next, "primero responda la pregunta de «No se presentó»");
  }

  function run(action, button, { keyed = false } = {}) {
    if (action === "emergency") { emergency(); return; }
    if (busy) {
      if (keyed) queued = action; // run when the action on its way has landed: never dropped unsaid
      return;
    }
    const disabledSpecific = action === "call-specific" && !state.waiting.length;
    if (!allowed(action) || disabledSpecific) {
      if (keyed) refuse(action, whyNot(action)); // a button cannot be pressed then; a key says why nothing happens
      return;
    }
    if (action === "call-specific") { openDialog("dlg-specific"); return; }
    if (action === "finish") { el("finish-outcome").value = ""; openDialog("dlg-finish"); return; }
    if (action === "transfer") {
      deskTransfer.reset(state.current && state.current.queue);
      openDialog("dlg-transfer");
      return;
    }
    if (action === "no-show") { confirmNoShow(); return; }
    if (action === "undo-no-show") { act("undo-no-show", { ticket: state.undo_no_show.ticket }, DONE[action]); return; }
    if (action === "call-ticket") { act("call-ticket", { ticket: Number(button.dataset.ticket) }, DONE["call-ticket"]); return; }
    act(action, undefined, DONE[action]);
  }

  root.addEventListener("click", (event) => {
    const button = event.target.closest("[data-action]");
    if (button && !button.disabled) run(button.dataset.action, button);
    const close = event.target.closest("[data-close]");
    if (close) close.closest("dialog").close();
  });

  /* Dialog forms: each submits one action. */
  root.querySelectorAll("form[data-dialog]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const kind = form.dataset.dialog;
      if (kind === "transfer" && !deskTransfer.confirmed()) return; // to a closed desk: the dialog asks first
      form.closest("dialog").close();
      if (kind === "call-specific") {
        act("call-ticket", { ticket: Number(el("specific-ticket").value) }, DONE["call-ticket"]);
      } else if (kind === "no-show") {
        act("no-show", undefined, DONE["no-show"]);
      } else if (kind === "finish") {
        act("finish", { outcome: el("finish-outcome").value.trim() }, DONE.finish);
      } else if (kind === "transfer") {
        const toDesk = form.querySelector("input[name=kind]:checked").value === "desk";
        const payload = { keep_arrival: form.querySelector("input[name=keep_arrival]").checked,
          note: el("transfer-note").value.trim() };
        if (toDesk) payload.desk = el("transfer-desk").value; else payload.queue = el("transfer-queue").value;
        const fromArea = state.current.area; // the room the customer waits in now (its printed ticket's)
        act("transfer", payload, (d) => DONE.transfer(d, fromArea));
      }
    });
  });
  /* Keyboard shortcuts, when no dialog is open and the focus is not in a text field. */
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && checkingNoShow) { checkingNoShow = null; return; } // X then Escape: no dialog
    if (event.ctrlKey || event.altKey || event.metaKey || event.repeat) return;
    if (document.querySelector("dialog[open]")) return;
    const tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "select" || tag === "textarea") return;
    const action = SHORTCUTS[(event.key || "").toLowerCase()];
    if (!action) return;
    event.preventDefault();
    run(action, null, { keyed: true });
  });

  /* ---- live updates: every change that concerns this desk re-reads /desk/state (a sequence gap too) */
  function concernsMe(ticket) {
    if (!ticket) return true;
    const mine = state.queues.some((q) => q.code === ticket.queue);
    return mine || ticket.current_desk === deskCode || ticket.target_desk === deskCode ||
      (state.current && state.current.id === ticket.id);
  }
  /* A desk some of this desk's queues' tickets were sent to: its opening, pausing or closing changes what
     «Colas de este mesón» says of them. */
  function waitedFor(code) {
    return state.queues.some((q) => (q.elsewhere || []).some((o) => o.code === code));
  }
  let pending = null;
  function refreshSoon() {
    clearTimeout(pending);
    pending = setTimeout(refresh, 150);
  }
  live.connect({
    onStatus: (online) => {
      el("live").dataset.state = online ? "online" : "offline";
      el("live-text").textContent = online ? "En línea" : "Sin conexión · reconectando…";
      // The red «Sin conexión con el servidor.» of an action that failed offline would outlive the cut.
      if (online && el("message").dataset.network) say(NETWORK_BACK, "ok");
    },
    resync: refreshSoon, // on connect: catch up on what happened meanwhile
    catchUp: "staff_seq", // and on an event lost on its way (a nightly command-line close)
  })
    .onSequenced("ticket_changed", (msg, order) => { if (order === "apply" && concernsMe(msg.ticket)) refreshSoon(); })
    .onSequenced("desk_changed", (msg, order) => { if (order === "apply" && (!msg.desk || msg.desk === deskCode || waitedFor(msg.desk))) refreshSoon(); })
    .onSequenced("config_changed", refreshSoon);

  time.sync(state.server_time);
  render();
  rereadWhenTheOrderTurns();
  setInterval(() => {
    tickElapsed();
    if (state.undo_no_show) { renderUndo(); refreshButtons(); }
    state.queues.forEach((q) => { // «Espera más larga» counts with the list beside it, every second
      if (!q.waiting) return;
      q.longest_wait_s += 1;
      if (q.cell) q.cell.textContent = time.duration(q.longest_wait_s);
    });
    state.waiting.forEach((w) => {
      w.waited_s += 1;
      if (w.cell) w.cell.textContent = time.duration(w.waited_s);
    });
  }, 1000);
})();
