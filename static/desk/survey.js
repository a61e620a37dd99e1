/* Survey tablet: idle until the desk finishes a ticket (`survey_request`), then Sí/No, then an optional
   1–5 face, then thanks and back to idle. One answer per ticket: the server refuses a second one, and one
   given once the next customer is at the desk (`survey_closed`: at the next start, or 45 s after the next call,
   the question goes; a yes/no given by then is sent at once, without the optional face). */
(() => {
  "use strict";
  const { api, live } = window.Turnero;

  const root = document.getElementById("main");
  const QUESTION_TIMEOUT_MS = 180000; // the customer left without answering
  const SCORE_TIMEOUT_MS = 20000; // the faces are optional: send the yes/no alone
  const THANKS_MS = 5000;
  let ticket = null;
  let satisfied = null;
  let timer = null;
  let closing = null; // the question's end once the desk called the next customer (`survey_closed`)
  let sending = false;

  const el = (id) => document.getElementById(id);
  function show(step) {
    ["idle", "question", "score", "thanks"].forEach((name) => { el(`step-${name}`).hidden = name !== step; });
    root.dataset.step = step;
    // Focus the step's heading, not a button: no answer should look preselected to the customer.
    const heading = el(`step-${step}`).querySelector("h2");
    if (heading) heading.focus();
  }
  const asked = new Set(); // tickets this tablet already put to the customer: never asked twice
  function later(ms, fn) { clearTimeout(timer); timer = setTimeout(fn, ms); }
  let stale = false; // the server runs another release: reload once no customer is answering (web/sockets.py)
  function idle() {
    if (stale) { window.location.reload(); return; }
    ticket = null; satisfied = null; clearTimeout(timer); clearTimeout(closing); show("idle");
    delete root.dataset.closing;
  }

  function ask(request) {
    if (!request || !request.ticket) return;
    asked.add(request.ticket);
    clearTimeout(closing);
    delete root.dataset.closing;
    ticket = request;
    satisfied = null;
    el("survey-number").textContent = request.number;
    root.dataset.ticket = String(request.ticket);
    show("question");
    later(QUESTION_TIMEOUT_MS, idle);
  }

  async function send(score) {
    if (sending || !ticket) return;
    sending = true;
    clearTimeout(timer);
    let note = "Su opinión nos ayuda a mejorar.";
    try {
      await api.post(root.dataset.answerUrl, { ticket: ticket.ticket, satisfied, score });
    } catch (error) {
      note = error instanceof api.ApiError
        ? error.serverMessage || "No se pudo guardar la respuesta."
        : "No se pudo guardar la respuesta: sin conexión.";
    }
    el("thanks-note").textContent = note;
    sending = false;
    ticket = null;
    show("thanks");
    later(THANKS_MS, idle);
  }

  document.querySelectorAll("[data-satisfied]").forEach((button) => {
    button.addEventListener("click", () => {
      if (!ticket) return;
      satisfied = button.dataset.satisfied === "true";
      // The desk already called the next customer: keep the yes/no before the question closes; the faces are
      // optional, and a refused answer would lose both.
      if (root.dataset.closing) { send(null); return; }
      show("score");
      later(SCORE_TIMEOUT_MS, () => send(null));
    });
  });
  document.querySelectorAll("[data-score]").forEach((button) => {
    button.addEventListener("click", () => send(parseInt(button.dataset.score, 10)));
  });
  el("send-no-score").addEventListener("click", () => send(null));

  /* It opens on the welcome screen: a page (re)load never shows an older question; the customer in front of the
     tablet may be the next one. After a dropped connection it asks the server what is pending now: the
     question it shows goes away if that service was answered elsewhere or the desk has called someone since
     (core/tickets/console.py pending_survey), and a request missed while offline is asked unless this tablet
     already asked it (and it timed out). */
  let connects = 0;
  const channel = live.connect({
    onStatus: (online) => { el("survey-offline").hidden = online; },
    onRelease: () => {
      stale = true;
      if (root.dataset.step === "idle") idle();
    },
    resync: ({ reason }) => {
      if (reason === "connect" && (connects += 1) === 1) return; // the first connect: welcome screen
      channel.emit("survey_pending", { desk: root.dataset.desk }, (pending) => {
        root.dataset.pendingChecks = String(Number(root.dataset.pendingChecks || 0) + 1); // for the browser tests
        if (sending) return;
        if (pending && ticket && pending.ticket === ticket.ticket) return; // still the question on screen
        if (pending && !asked.has(pending.ticket)) ask(pending);
        else if (ticket && root.dataset.step === "question") idle();
      });
    },
  });
  channel
    .on("survey_request", ask)
    .on("survey_done", (msg) => {
      if (ticket && msg && msg.ticket === ticket.ticket && !sending) idle();
    })
    // The desk called the next customer: the one just served, still at the desk, may finish answering for
    // `closes_in_s` (agents call at once after «Finalizar»); at the next start the new customer is at the tablet,
    // and the question goes at once (the server refuses its answer from then on).
    .on("survey_closed", (msg) => {
      if (!ticket || !msg || msg.called === ticket.ticket || sending) return;
      if (satisfied !== null) { send(null); return; } // choosing a face: keep the yes/no given
      clearTimeout(closing);
      const wait = Math.max(0, Number(msg.closes_in_s) || 0) * 1000;
      closing = setTimeout(() => { if (!sending) idle(); }, wait);
      root.dataset.closing = "1"; // the question's end is set (the browser tests wait for it)
    });
  idle();
})();
