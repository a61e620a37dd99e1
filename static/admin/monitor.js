/* Live monitor: starts from the server-rendered snapshot, applies `ticket_changed` / `desk_changed` from the
   staff room, and fetches a fresh snapshot on (re)connect or when the staff sequence shows a gap. Events that
   arrive while that snapshot is on its way are kept and replayed over it when they are newer. */
(() => {
  "use strict";
  const { api, live, time } = window.Turnero;
  const root = document.getElementById("monitor");
  if (!root) return;
  const statusEl = document.getElementById("live-status");
  const LABELS = JSON.parse(root.dataset.labels); // ticket statuses and actions, as the server names them
  const STATE_LABELS = LABELS.desk_states;
  const MAX_EVENTS = 25;
  // A queue with customers waiting that no desk can call now (the snapshot's `desks`: core/tickets/availability.py).
  const COVER = {
    none: "Ningún mesón abierto atiende esta cola",
    paused: "Ningún mesón abierto atiende esta cola: solo mesones en pausa",
  };
  let state = null;
  let resyncing = false;
  let resyncAgain = false; // a gap seen while a snapshot was on its way: that snapshot may be older than the gap
  const received = []; // the last sequenced events, replayed over a snapshot that was older than them
  const unsequencedMeanwhile = []; // [handler, payload] of unsequenced events received during a resync

  function load(snapshot) {
    time.sync(snapshot.server_time);
    channel.synced(snapshot.seq);
    const seq = channel.sequence();
    state = { queues: new Map(), desks: new Map(), events: snapshot.events.slice(0, MAX_EVENTS) };
    snapshot.queues.forEach((q) => {
      state.queues.set(q.code, { ...q, waiting: new Map(q.waiting.map((t) => [t.id, t])) });
    });
    snapshot.desks.forEach((d) => state.desks.set(d.code, { ...d }));
    state.panels = new Map((snapshot.panels || []).map((p) => [p.device, p]));
    state.printers = new Map((snapshot.printers || []).map((p) => [p.printer, p]));
    alerts.clear();
    (snapshot.emergencies || []).filter((a) => !acknowledged.has(a.id)).forEach((a) => alerts.set(a.id, a));
    state.silentAfterMs = (snapshot.panel_silent_after_s || 90) * 1000;
    // Past days' tickets still «En espera» are left out of the waits and named apart (core/tickets/day_close.py).
    const left = root.querySelector("#left-waiting");
    const leftWaiting = snapshot.left_waiting || { count: 0, note: "" };
    left.querySelector("#left-waiting-note").textContent = leftWaiting.note;
    left.hidden = !leftWaiting.count;
    received.filter((e) => e.payload.seq > seq.value).sort((a, b) => a.payload.seq - b.payload.seq)
      .forEach((e) => {
        if (seq.check(e.payload) !== "apply") return; // a gap here: the next live event will resync
        if (handlers[e.name]) handlers[e.name](e.payload);
      });
    renderAll();
  }

  function renderQueues() {
    const now = time.now();
    state.queues.forEach((q, code) => {
      const row = root.querySelector(`tr[data-queue="${CSS.escape(code)}"]`);
      if (!row) return;
      const cell = row.querySelector(".longest");
      row.querySelector(".waiting").textContent = String(q.waiting.size);
      const flag = row.querySelector(".cover");
      const flags = [q.waiting.size ? COVER[q.desks] || "" : "", ...stranded(q)].filter(Boolean);
      if (flag.textContent !== flags.join("")) flag.replaceChildren(...flags.map((text) => line(text)));
      flag.hidden = !flags.length;
      let earliest = null;
      q.waiting.forEach((t) => {
        const at = Date.parse(t.waiting_since);
        if (earliest === null || at < earliest) earliest = at;
      });
      cell.classList.remove("sla-ok", "sla-warn", "sla-bad");
      if (earliest === null) {
        cell.textContent = "—";
        return;
      }
      const waited = now - earliest;
      const ratio = waited / (q.sla_minutes * 60000);
      cell.textContent = time.duration(waited / 1000);
      cell.classList.add(ratio >= 1 ? "sla-bad" : ratio >= 0.75 ? "sla-warn" : "sla-ok");
    });
  }

  function line(text) {
    const span = document.createElement("span");
    span.textContent = text;
    return span;
  }

  /* Tickets sent to one desk only (the catalogue's routing, a transfer) wait for that desk alone: while it is
     closed or paused nobody calls them, even if another open desk serves the queue. «5 fichas esperan al mesón
     BOI, que está cerrado», one line per such desk. */
  const STOPPED = { closed: "que está cerrado", paused: "que está en pausa" };
  function stranded(q) {
    const counts = new Map();
    q.waiting.forEach((t) => {
      const d = t.target_desk && state.desks.get(t.target_desk);
      if (d && STOPPED[d.state]) counts.set(d, (counts.get(d) || 0) + 1);
    });
    return [...counts].map(([d, n]) => {
      const named = d.named || d.name; // «el mesón BOI», or «Mesón 1» (core/org/desk_names.py)
      const to = named.startsWith("el ") ? `al ${named.slice(3)}` : `a ${named}`;
      return `${n} ${n === 1 ? "ficha espera" : "fichas esperan"} ${to}, ${STOPPED[d.state]}`;
    });
  }

  function renderDesks() {
    const now = time.now();
    state.desks.forEach((d, code) => {
      const row = root.querySelector(`tr[data-desk="${CSS.escape(code)}"]`);
      if (!row) return;
      const stateCell = row.querySelector(".state");
      stateCell.textContent = STATE_LABELS[d.state] || d.state;
      stateCell.className = `state state-${d.state}`;
      row.querySelector(".agent").textContent = d.agent || "—";
      const t = d.ticket;
      const status = (LABELS.statuses[t?.status] || t?.status || "").toLowerCase();
      row.querySelector(".ticket").textContent = t ? `${t.number} (${status})` : "—";
      // Called: since this desk's first call, which a recall does not restart (as the desk's console counts).
      const since = t ? Date.parse(t.status === "serving" && t.started_at ? t.started_at : t.called_here_at) : NaN;
      row.querySelector(".elapsed").textContent = Number.isNaN(since) ? stateTime(d, now)
        : time.duration((now - since) / 1000);
    });
  }

  /* A desk with nobody at it: how long it has been paused, free (open, since it opened or let its last customer
     go) or closed today, and since when: «12:05 · desde 10:20». Empty when unknown, or closed since another day. */
  function stateTime(d, now) {
    let since = d.state_since ? Date.parse(d.state_since) : NaN;
    if (d.state === "open" && d.freed_at) since = Math.max(Number.isNaN(since) ? 0 : since, Date.parse(d.freed_at));
    if (Number.isNaN(since)) return "";
    if (d.state === "closed" && time.date(since) !== time.date(now)) return "";
    const words = d.state === "open" ? "libre desde" : "desde";
    return `${time.duration((now - since) / 1000)} · ${words} ${time.clock(since)}`;
  }

  /* Panels: a muted, silent (no report for too long) or disconnected panel is an alert, like a queue past its
     goal: customers in that room may not hear or see their call. */
  function panelStatus(p, now) {
    const silent = !p.reported_at || now - Date.parse(p.reported_at) > state.silentAfterMs;
    const status = !p.connected ? "Desconectado" : silent ? "Sin reportar" : "En línea";
    // Muted: the cell says why, the help below the table what to do (#panel-sound-help).
    const sound = { ok: "Activo", muted: "Sin sonido: el navegador bloquea el audio (ver abajo)", unknown: "—" }[p.audio]
      || "—";
    const alert = !p.connected || silent || p.audio === "muted";
    return { status, sound, alert, silent };
  }

  /* One row of the panels' or the printers' table: the first cell heads the row; `cls` per cell. */
  function tableRow(cells) {
    const tr = document.createElement("tr");
    cells.forEach(([text, cls], i) => {
      const cell = document.createElement(i === 0 ? "th" : "td");
      if (i === 0) cell.scope = "row";
      if (cls) cell.className = cls;
      cell.textContent = text;
      tr.appendChild(cell);
    });
    return tr;
  }

  /* «2 paneles con alerta» above a table, red; empty when none. */
  function alertSummary(id, count, one, many) {
    const summary = document.getElementById(id);
    summary.textContent = count === 0 ? "" : `${count} ${count === 1 ? one : many}`;
    summary.classList.toggle("sla-bad", count > 0);
  }

  function renderPanels() {
    const now = time.now();
    let alerts = 0;
    const rows = [...state.panels.values()].map((p) => {
      const { status, sound, alert } = panelStatus(p, now);
      if (alert) alerts += 1;
      const tr = tableRow([
        [p.name, ""], [p.area_name, ""], [status, `status ${status === "En línea" ? "sla-ok" : "sla-bad"}`],
        [sound, `audio ${p.audio === "muted" ? "sla-bad" : p.audio === "ok" ? "sla-ok" : ""}`],
        [p.seq === null || p.seq === undefined ? "—" : String(p.seq), "seq num"], [p.version || "—", "version"],
        [p.reported_at ? `hace ${time.duration(Math.max(0, now - Date.parse(p.reported_at)) / 1000)}` : "nunca",
          "reported num"],
      ]);
      tr.dataset.panel = String(p.device);
      tr.dataset.alert = alert ? "1" : "0";
      return tr;
    });
    document.getElementById("panel-rows").replaceChildren(...rows);
    alertSummary("panel-alerts", alerts, "panel con alerta", "paneles con alerta");
    // A disconnected panel keeps its last audio: what to do about the sound matters once it is back.
    document.getElementById("panel-sound-help").hidden = ![...state.panels.values()].some((p) => p.audio === "muted");
  }

  function onPanelHealth(p) {
    if (!state) return;
    const known = state.panels.get(p.device);
    if (known && known.reported_at && p.reported_at && Date.parse(known.reported_at) > Date.parse(p.reported_at)) {
      return; // older than what the monitor shows (a report replayed over a newer snapshot)
    }
    state.panels.set(p.device, p);
    renderPanels();
  }

  /* Printers: one that is off or out of paper is an alert (the kiosks tell customers to note their number);
     nearly out of paper is a warning. The message is the server's, in Spanish. */
  function renderPrinters() {
    let alerts = 0;
    const rows = [...state.printers.values()].map((p) => {
      if (!p.ok) alerts += 1;
      const level = !p.ok ? "sla-bad" : p.state === "paper_near_end" ? "sla-warn" : p.state === "online" ? "sla-ok" : "";
      const tr = tableRow([[p.name, ""], [p.message, `status ${level}`],
        [p.last_success_at ? time.clockSeconds(p.last_success_at) : "nunca", "num"]]);
      tr.dataset.printer = p.printer;
      return tr;
    });
    document.getElementById("printer-rows").replaceChildren(...rows);
    alertSummary("printer-alerts", alerts, "impresora con alerta", "impresoras con alerta");
  }

  function onPrinterHealth(p) {
    if (!state) return;
    state.printers.set(p.printer, p);
    renderPrinters();
  }

  function renderEvents() {
    const body = document.getElementById("event-rows");
    body.replaceChildren(...state.events.map((e) => {
      const tr = document.createElement("tr");
      [time.clockSeconds(e.at), e.number, e.label || LABELS.actions[e.action] || e.action, e.queue || "",
        e.desk || ""].forEach((text) => {
        const td = document.createElement("td");
        td.textContent = text;
        tr.appendChild(td);
      });
      return tr;
    }));
  }

  /* Desk emergencies: visible and audible (the chime, looped) until a supervisor presses «Atendida». */
  const alerts = new Map();
  // Alerts this page saw acknowledged. Emergencies are not sequenced, so a snapshot that left the server before
  // an «Atendida» still lists the alert: it must not bring it back. An acknowledged alert never reopens.
  const acknowledged = new Set();
  const alertBox = document.getElementById("emergencies");
  const siren = new Audio(alertBox.dataset.soundUrl);
  siren.loop = true;
  const alertList = document.getElementById("emergency-list");
  /* Each alert's item, made once and kept while the alert is up. The monitor redraws on every ticket and desk
     event: an item made anew each time put another button under a supervisor's press on «Atendida» (the press
     ended on a button it had not begun on, so no click), dropped the keyboard's focus, and announced the alert
     again. */
  const alertItems = new Map();
  function alertItem(a) {
    const li = document.createElement("li");
    li.dataset.alert = String(a.id);
    const said = document.createElement("div"); // announced by screen readers as it appears
    said.setAttribute("role", "alert");
    const text = document.createElement("strong");
    const ack = document.createElement("button");
    ack.type = "button";
    ack.className = "primary";
    ack.textContent = "Atendida";
    ack.addEventListener("click", () => acknowledge(a.id, ack));
    said.append(text, " ", ack);
    li.appendChild(said);
    return li;
  }
  function renderEmergencies() {
    const list = [...alerts.values()].sort((a, b) => a.id - b.id);
    alertBox.hidden = list.length === 0;
    alertItems.forEach((li, id) => {
      if (alerts.has(id)) return;
      li.remove();
      alertItems.delete(id);
    });
    list.forEach((a, i) => {
      if (!alertItems.has(a.id)) alertItems.set(a.id, alertItem(a));
      const li = alertItems.get(a.id);
      const said = `${a.desk_name} · ${a.agent} · ${time.clockSeconds(a.raised_at)}`;
      const text = li.querySelector("strong");
      if (text.textContent !== said) text.textContent = said;
      li.querySelector("button").setAttribute("aria-label", `Emergencia en ${a.desk_name} atendida`);
      if (alertList.children[i] !== li) alertList.insertBefore(li, alertList.children[i] || null);
    });
    if (!list.length) {
      siren.pause();
      alertBox.dataset.sound = "off";
      return;
    }
    if (!siren.paused) return;
    siren.play().then(() => { alertBox.dataset.sound = "playing"; document.getElementById("emergency-sound-note").hidden = true; })
      .catch((error) => {
        if (error.name !== "NotAllowedError") return; // AbortError: a pause (the last alert acknowledged) came first
        alertBox.dataset.sound = "blocked";
        document.getElementById("emergency-sound-note").hidden = false;
      });
  }
  document.addEventListener("click", () => { if (alerts.size && siren.paused) renderEmergencies(); });
  async function acknowledge(id, button) {
    button.disabled = true;
    try {
      const answer = await api.post(alertBox.dataset.ackUrl.replace(/\/0\/atendida$/, `/${id}/atendida`));
      onEmergencyAcknowledged(answer.alert);
    } catch (_e) {
      button.disabled = false;
    }
  }
  function onEmergency(a) {
    if (acknowledged.has(a.id)) return;
    alerts.set(a.id, a);
    renderEmergencies();
  }
  function onEmergencyAcknowledged(a) {
    acknowledged.add(a.id);
    alerts.delete(a.id);
    renderEmergencies();
  }

  function renderAll() {
    renderEmergencies();
    renderQueues();
    renderDesks();
    renderEvents();
    renderPanels();
    renderPrinters();
  }

  async function resync() {
    if (resyncing) {
      resyncAgain = true;
      return;
    }
    resyncing = true;
    resyncAgain = false;
    unsequencedMeanwhile.length = 0;
    try {
      load(await api.get(root.dataset.snapshotUrl));
      // The snapshot may have been read before these: an alert raised meanwhile would vanish with it.
      unsequencedMeanwhile.splice(0).forEach(([handler, payload]) => handler(payload));
    } catch (_e) {
      /* the next gap or reconnect asks again */
    } finally {
      resyncing = false;
    }
    if (resyncAgain) resync();
  }

  function eventTime(action, t) {
    const byAction = { issue: t.issued_at, call: t.called_at, recall: t.called_at, start: t.started_at,
      finish: t.finished_at, no_show: t.finished_at, cancel: t.finished_at };
    return byAction[action] || new Date(time.now()).toISOString();
  }

  function onTicketChanged({ action, ticket: t, desk }) {
    state.queues.forEach((q) => q.waiting.delete(t.id));
    if (t.status === "waiting" && state.queues.has(t.queue)) {
      state.queues.get(t.queue).waiting.set(t.id, { id: t.id, number: t.number, waiting_since: t.waiting_since,
        target_desk: t.target_desk || null });
    }
    let held = null; // the ticket as this page showed it at a desk
    state.desks.forEach((d, code) => {
      if (d.ticket && d.ticket.id === t.id) {
        held = { code, ticket: d.ticket };
        d.ticket = null;
        d.freed_at = eventTime(action, t); // free from now on, unless the ticket stays here (below)
      }
    });
    if (t.current_desk && state.desks.has(t.current_desk)) {
      // «Tiempo» counts from this desk's first call (core/tickets/desks.py first_call_here): a call starts it, a
      // recall or a start at the same desk keeps it. Otherwise (an undone no-show) the snapshot knows.
      let calledHere = action === "call" ? t.called_at : null;
      if (!calledHere && held && held.code === t.current_desk) calledHere = held.ticket.called_here_at;
      if (!calledHere) resync();
      state.desks.get(t.current_desk).ticket = { id: t.id, number: t.number, status: t.status,
        called_here_at: calledHere || t.called_at, started_at: t.started_at };
    }
    // The event's own desk (where it happened), as the snapshot's rows have it after a reload.
    state.events.unshift({ at: eventTime(action, t), action, number: t.number, queue: t.queue,
      desk: desk === undefined ? t.current_desk || t.desk || "" : desk || "" });
    state.events.length = Math.min(state.events.length, MAX_EVENTS);
    renderAll();
  }

  function onDeskChanged(payload) {
    const d = state.desks.get(payload.desk);
    if (!d) {
      resync(); // a desk this page does not know yet (added in admin)
      return;
    }
    const changed = d.state !== payload.state;
    if ("state_since" in payload) d.state_since = payload.state_since; // the server's, not this browser's clock
    d.state = payload.state;
    if ("agent" in payload) d.agent = payload.agent;
    if (payload.current_ticket === null) {
      if (d.ticket) d.freed_at = new Date(time.now()).toISOString();
      d.ticket = null;
    } else if (!d.ticket || d.ticket.id !== payload.current_ticket) resync();
    // Opened, paused or closed: which queues a desk can call changed («Ningún mesón abierto atiende esta cola»).
    if (changed) resync();
    renderDesks();
  }

  // (The waiting counts come from ticket_changed: the monitor is in the staff rooms, never a panel's area room.)
  const handlers = { ticket_changed: onTicketChanged, desk_changed: onDeskChanged, config_changed: () => resync() };

  const channel = live.connect({
    onStatus: (online) => {
      statusEl.textContent = online ? "En vivo" : "Sin conexión: reconectando…";
      statusEl.classList.toggle("off", !online);
    },
    resync, // on every connect, on a gap in the staff sequence, and when behind the database's (a lost event)
    catchUp: "staff_seq",
  });
  Object.entries(handlers).forEach(([name, handler]) => {
    channel.onSequenced(name, (payload, order) => {
      received.push({ name, payload });
      if (received.length > 50) received.shift();
      if (order === "apply") handler(payload); // on a gap the snapshot (with the replay) brings it
    });
  });
  // Not sequenced: each carries the whole state of one panel or alert, and the snapshot has them all. Those that
  // arrive while a snapshot is on its way are applied again over it (the snapshot may be older than them).
  const unsequenced = (handler) => (payload) => {
    if (resyncing) unsequencedMeanwhile.push([handler, payload]);
    handler(payload);
  };
  channel.on("panel_health", unsequenced(onPanelHealth));
  channel.on("printer_health", unsequenced(onPrinterHealth));
  channel.on("emergency", unsequenced(onEmergency));
  channel.on("emergency_acknowledged", unsequenced(onEmergencyAcknowledged));
  load(JSON.parse(root.dataset.snapshot));
  setInterval(() => {
    renderQueues();
    renderDesks();
    renderPanels();
  }, 1000);
})();
