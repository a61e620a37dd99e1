/* Live status of one ticket on the customer's phone, over Socket.IO (joined to ticket:<token> and
   queue:<queue> by web/sockets.py). The server sends `ticket_status` on connect and on every change, so a
   reconnect resyncs by itself; `position_changed` means the queue moved: fetch a fresh copy. A transferred
   ticket's page asks to hear its new queue instead (`follow_ticket`, kiosk/events.py). */
(() => {
  "use strict";
  const { api, live } = window.Turnero;
  const main = document.querySelector("main.status-page");
  const token = main.dataset.token;
  const texts = document.querySelector("[data-texts]").dataset;
  const connection = document.querySelector("[data-connection]");
  const STATUS_TEXT = JSON.parse(texts.statuses);  // the server's labels, in the page's language
  let lastCall = main.dataset.status === "called" ? "initial" : null;
  let audio = null;

  function fill(name, value) {
    document.querySelectorAll(`[data-field="${name}"]`).forEach((el) => { el.textContent = value; });
  }

  function beep() {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      if (audio.state === "suspended") audio.resume();
      [0, 0.45, 0.9].forEach((offset) => {
        const osc = audio.createOscillator();
        const gain = audio.createGain();
        osc.frequency.value = 880;
        gain.gain.setValueAtTime(0.0001, audio.currentTime + offset);
        gain.gain.exponentialRampToValueAtTime(0.4, audio.currentTime + offset + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + offset + 0.35);
        osc.connect(gain).connect(audio.destination);
        osc.start(audio.currentTime + offset);
        osc.stop(audio.currentTime + offset + 0.4);
      });
    } catch (_e) { /* no audio on this phone: the screen and vibration still tell */ }
  }

  function alertCalled() {
    if (navigator.vibrate) navigator.vibrate([400, 200, 400, 200, 400]);
    beep();
    main.dataset.alerts = String(Number(main.dataset.alerts || 0) + 1);
  }

  /* One message per state: waiting, transferred (waiting again elsewhere), called with the desk, serving,
     done, no-show, cancelled. The server's fields are already worded («en breve», the no-open-desk notice). */
  function render(ticket) {
    const waiting = ticket.status === "waiting";
    const message = waiting && ticket.transferred ? "transferred" : ticket.status;
    main.dataset.status = ticket.status;
    fill("status_text", STATUS_TEXT[ticket.status] || ticket.status);
    document.querySelector("[data-messages]").dataset.message = message;
    document.querySelectorAll("[data-messages] [data-for]").forEach((el) => { el.hidden = el.dataset.for !== message; });
    fill("people_ahead", String(ticket.people_ahead));
    fill("wait_text", ticket.wait_text || "");
    fill("wait_notice", ticket.wait_notice || "");
    document.querySelector('[data-part="notice"]').hidden = !(waiting && ticket.wait_notice);
    fill("area_name", ticket.area_name);
    fill("area_directions", ticket.area_directions || "");
    fill("desk_name", ticket.desk_name || "");
    fill("destination", waiting ? ticket.destination : ticket.queue_name);
    const requirements = ticket.requirements || [];
    document.querySelector('[data-field="requirements"]').replaceChildren(
      ...requirements.map((item) => Object.assign(document.createElement("li"), { textContent: item })));
    document.querySelector('[data-part="requirements"]').hidden = !(waiting && requirements.length);
    document.querySelectorAll('[data-part="waiting"]').forEach((el) => { el.hidden = !waiting; });
    const open = ["waiting", "called"].includes(ticket.status);
    document.querySelector('[data-part="open"]').hidden = !open;
    document.querySelectorAll('[data-part="before-desk"]').forEach((el) => { el.hidden = !open; });
    // Called: not «Espere en» beside «Diríjase a …», but where that desk is.
    document.querySelectorAll("[data-while]").forEach((el) => { el.hidden = el.dataset.while !== ticket.status; });
    document.querySelector('[data-part="leave"]').hidden = !waiting;
    const survey = document.querySelector('[data-part="survey"]');
    if (survey) survey.hidden = ticket.status !== "done";
    if (ticket.survey_answered) thank();
    if (ticket.status === "called" && ticket.called_at !== lastCall) {
      lastCall = ticket.called_at;  // a recall has a new time: alert again
      alertCalled();
    }
    if (ticket.status !== "called") lastCall = null;
  }

  /* The desk question answered elsewhere (the desk's tablet) while this page was open: thank, never ask again
     (the server would refuse a second answer, and the form read as still waiting for one). */
  function thank() {
    const form = document.querySelector("[data-survey-form]");
    if (!form) return;
    const title = Object.assign(document.createElement("h2"), { id: "s-survey-title", textContent: texts.surveyThanks });
    form.replaceWith(title);
  }

  /* Pushed statuses are authoritative: a fetched copy that started before the latest push is dropped, so
     a slow answer can never undo a call or a finish that arrived meanwhile. */
  let pushes = 0;
  let heard = null; // the queue whose moves reach this page: the server joins the ticket's queue on connect
  function pushed(ticket) {
    pushes += 1;
    render(ticket);
    // Transferred to another queue: from now on its place moves with that queue, so hear that one instead.
    if (heard !== null && ticket.queue !== heard) channel.emit("follow_ticket");
    heard = ticket.queue;
  }

  // A place also moves with the clock alone: a normal ticket passing the max wait goes before the next
  // preferential one (core/tickets/policy.py), and the estimate follows the day's services. No event says so:
  // the page reads it again at the live screens' catch-up interval (30 s) while it waits.

  async function refresh() {
    if (main.dataset.status !== "waiting") return;  // only the queue position can have moved
    const before = pushes;
    try {
      const data = await api.get(`/t/${encodeURIComponent(token)}/estado`);
      if (data && pushes === before) render(data);
    } catch (_e) { /* the socket will reconnect and send the status again */ }
  }

  document.querySelector("[data-sound]").addEventListener("click", (event) => {
    beep();  // a tap unlocks audio on phones that refuse it without one
    event.currentTarget.textContent = texts.soundOn;
  });

  const channel = live.connect({
    auth: { ticket: token },
    onStatus: (online) => { connection.hidden = online; },
    resyncOnConnect: false, // the server sends `ticket_status` on every connect
  })
    .on("ticket_status", pushed)
    .on("position_changed", refresh)
    .on("survey_answered", thank);
  if (live.catchUpEveryMs() > 0) setInterval(refresh, live.catchUpEveryMs());
})();
