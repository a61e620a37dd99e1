// Live monitor: starts from the server-rendered snapshot, applies `ticket_changed` / `desk_changed` from the
// staff room, and fetches a fresh snapshot on (re)connect or when the staff sequence shows a gap.
"use strict";
(() => {
  const root = document.getElementById("monitor");
  if (!root) return;
  const statusEl = document.getElementById("live-status");
  const STATE_LABELS = { open: "Abierto", paused: "En pausa", closed: "Cerrado" };
  const LABELS = JSON.parse(root.dataset.labels); // ticket statuses and actions, as the server names them
  const MAX_EVENTS = 25;
  const timeFormat = new Intl.DateTimeFormat("es-BO", {
    timeZone: "America/La_Paz", hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false,
  });
  let state = null;
  let skew = 0; // server clock − browser clock, in ms
  let resyncing = false;
  const received = []; // the last sequenced events, replayed over a snapshot that was older than them

  const serverNow = () => Date.now() + skew;

  function load(snapshot) {
    skew = Date.parse(snapshot.server_time) - Date.now();
    state = { seq: snapshot.seq, queues: new Map(), desks: new Map(), events: snapshot.events.slice(0, MAX_EVENTS) };
    snapshot.queues.forEach((q) => {
      state.queues.set(q.code, { ...q, waiting: new Map(q.waiting.map((t) => [t.id, t])) });
    });
    snapshot.desks.forEach((d) => state.desks.set(d.code, { ...d }));
    received.filter((e) => e.payload.seq > state.seq).sort((a, b) => a.payload.seq - b.payload.seq)
      .forEach((e) => {
        if (e.payload.seq !== state.seq + 1) return; // a gap here: the next live event will resync
        state.seq = e.payload.seq;
        if (handlers[e.name]) handlers[e.name](e.payload);
      });
    renderAll();
  }

  function duration(ms) {
    const total = Math.max(0, Math.floor(ms / 1000));
    const h = Math.floor(total / 3600);
    const m = Math.floor((total % 3600) / 60);
    const s = String(total % 60).padStart(2, "0");
    return h ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
  }

  function renderQueues() {
    const now = serverNow();
    state.queues.forEach((q, code) => {
      const row = root.querySelector(`tr[data-queue="${CSS.escape(code)}"]`);
      if (!row) return;
      const cell = row.querySelector(".longest");
      row.querySelector(".waiting").textContent = String(q.waiting.size);
      let earliest = null;
      q.waiting.forEach((t) => {
        const at = Date.parse(t.arrival_at);
        if (earliest === null || at < earliest) earliest = at;
      });
      cell.classList.remove("sla-ok", "sla-warn", "sla-bad");
      if (earliest === null) {
        cell.textContent = "—";
        return;
      }
      const waited = now - earliest;
      const ratio = waited / (q.sla_minutes * 60000);
      cell.textContent = duration(waited);
      cell.classList.add(ratio >= 1 ? "sla-bad" : ratio >= 0.75 ? "sla-warn" : "sla-ok");
    });
  }

  function renderDesks() {
    const now = serverNow();
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
      const since = t ? Date.parse(t.status === "serving" && t.started_at ? t.started_at : t.called_at) : NaN;
      row.querySelector(".elapsed").textContent = Number.isNaN(since) ? "" : duration(now - since);
    });
  }

  function renderEvents() {
    const body = document.getElementById("event-rows");
    body.replaceChildren(...state.events.map((e) => {
      const tr = document.createElement("tr");
      [timeFormat.format(new Date(e.at)), e.number, e.label || LABELS.actions[e.action] || e.action, e.queue || "",
        e.desk || ""].forEach((text) => {
        const td = document.createElement("td");
        td.textContent = text;
        tr.appendChild(td);
      });
      return tr;
    }));
  }

  function renderAll() {
    renderQueues();
    renderDesks();
    renderEvents();
  }

  async function resync() {
    if (resyncing) return;
    resyncing = true;
    try {
      const response = await fetch(root.dataset.snapshotUrl, { headers: { Accept: "application/json" } });
      if (response.ok) load(await response.json());
    } finally {
      resyncing = false;
    }
  }

  // True when the event is the next one in the staff room; a gap triggers a resync instead.
  function inSequence(payload) {
    if (!state || typeof payload?.seq !== "number") return true;
    if (payload.seq <= state.seq) return false;
    if (payload.seq > state.seq + 1) {
      resync();
      return false;
    }
    state.seq = payload.seq;
    return true;
  }

  function eventTime(action, t) {
    const byAction = { issue: t.issued_at, call: t.called_at, recall: t.called_at, start: t.started_at,
      finish: t.finished_at, no_show: t.finished_at, cancel: t.finished_at };
    return byAction[action] || new Date(serverNow()).toISOString();
  }

  function onTicketChanged({ action, ticket: t }) {
    state.queues.forEach((q) => q.waiting.delete(t.id));
    if (t.status === "waiting" && state.queues.has(t.queue)) {
      state.queues.get(t.queue).waiting.set(t.id, { id: t.id, number: t.number, arrival_at: t.arrival_at });
    }
    state.desks.forEach((d) => {
      if (d.ticket && d.ticket.id === t.id) d.ticket = null;
    });
    if (t.current_desk && state.desks.has(t.current_desk)) {
      state.desks.get(t.current_desk).ticket = { id: t.id, number: t.number, status: t.status,
        called_at: t.called_at, started_at: t.started_at };
    }
    state.events.unshift({ at: eventTime(action, t), action, number: t.number, queue: t.queue,
      desk: t.current_desk || t.desk || "" });
    state.events.length = Math.min(state.events.length, MAX_EVENTS);
    renderAll();
  }

  function onDeskChanged(payload) {
    const d = state.desks.get(payload.desk);
    if (!d) {
      resync(); // a desk this page does not know yet (added in admin)
      return;
    }
    d.state = payload.state;
    if ("agent" in payload) d.agent = payload.agent;
    if (payload.current_ticket === null) d.ticket = null;
    else if (!d.ticket || d.ticket.id !== payload.current_ticket) resync();
    renderDesks();
  }

  const handlers = { ticket_changed: onTicketChanged, desk_changed: onDeskChanged, config_changed: () => resync(),
    queue_changed: () => renderQueues() };

  load(JSON.parse(root.dataset.snapshot));
  const socket = io({ transports: ["websocket"] });
  socket.on("connect", () => {
    statusEl.textContent = "En vivo";
    statusEl.classList.remove("off");
    resync();
  });
  socket.on("disconnect", () => {
    statusEl.textContent = "Sin conexión: reconectando…";
    statusEl.classList.add("off");
  });
  socket.onAny((name, payload) => {
    if (typeof payload?.seq === "number") {
      received.push({ name, payload });
      if (received.length > 50) received.shift();
    }
    if (!inSequence(payload)) return;
    if (handlers[name]) handlers[name](payload);
  });
  setInterval(() => {
    renderQueues();
    renderDesks();
  }, 1000);
})();
