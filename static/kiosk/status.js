/* Live status of one ticket on the customer's phone, over Socket.IO (joined to ticket:<token> and
   queue:<queue> by core/sockets.py). The server sends `ticket_status` on connect and on every change, so a
   reconnect resyncs by itself; `position_changed` means the queue moved: fetch a fresh copy. */
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

  function render(ticket) {
    main.dataset.status = ticket.status;
    fill("status_text", STATUS_TEXT[ticket.status] || ticket.status);
    fill("people_ahead", String(ticket.people_ahead));
    fill("estimated_wait_min", String(ticket.estimated_wait_min));
    fill("area_name", ticket.area_name);
    fill("area_directions", ticket.area_directions || "");
    fill("desk_name", ticket.desk_name || "");
    const waiting = ticket.status === "waiting";
    fill("destination", waiting ? ticket.destination : ticket.queue_name);
    document.querySelectorAll('[data-part="waiting"]').forEach((el) => { el.hidden = !waiting; });
    document.querySelector('[data-part="called"]').hidden = ticket.status !== "called";
    const survey = document.querySelector('[data-part="survey"]');
    if (survey) survey.hidden = ticket.status !== "done";
    if (ticket.status === "called" && ticket.called_at !== lastCall) {
      lastCall = ticket.called_at;  // a recall has a new time: alert again
      alertCalled();
    }
    if (ticket.status !== "called") lastCall = null;
  }

  /* Pushed statuses are authoritative: a fetched copy that started before the latest push is dropped, so
     a slow answer can never undo a call or a finish that arrived meanwhile. */
  let pushes = 0;
  function pushed(ticket) { pushes += 1; render(ticket); }

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

  live.connect({
    auth: { ticket: token },
    onStatus: (online) => { connection.hidden = online; },
    resyncOnConnect: false, // the server sends `ticket_status` on every connect
  })
    .on("ticket_status", pushed)
    .on("position_changed", refresh);
})();
