/* Survey tablet: idle until the desk finishes a ticket (`survey_request`), then Sí/No, then an optional
   1–5 face, then thanks and back to idle. One answer per ticket: the server refuses a second one. */
(function () {
  "use strict";

  var root = document.getElementById("main");
  var csrf = document.querySelector("meta[name=csrf-token]").content;
  var QUESTION_TIMEOUT_MS = 180000; // the customer left without answering
  var SCORE_TIMEOUT_MS = 20000; // the faces are optional: send the yes/no alone
  var THANKS_MS = 5000;
  var ticket = null;
  var satisfied = null;
  var timer = null;
  var sending = false;

  function el(id) { return document.getElementById(id); }
  function show(step) {
    ["idle", "question", "score", "thanks"].forEach(function (name) { el("step-" + name).hidden = name !== step; });
    root.dataset.step = step;
    // Focus the step's heading, not a button: no answer should look preselected to the customer.
    var heading = el("step-" + step).querySelector("h2");
    if (heading) heading.focus();
  }
  function later(ms, fn) { clearTimeout(timer); timer = setTimeout(fn, ms); }
  function idle() { ticket = null; satisfied = null; clearTimeout(timer); show("idle"); }

  function ask(request) {
    if (!request || !request.ticket) return;
    ticket = request;
    satisfied = null;
    el("survey-number").textContent = request.number;
    root.dataset.ticket = String(request.ticket);
    show("question");
    later(QUESTION_TIMEOUT_MS, idle);
  }

  function send(score) {
    if (sending || !ticket) return;
    sending = true;
    clearTimeout(timer);
    fetch(root.dataset.answerUrl, {
      method: "POST", credentials: "same-origin",
      headers: { "Accept": "application/json", "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ ticket: ticket.ticket, satisfied: satisfied, score: score })
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        el("thanks-note").textContent = response.ok ? "Su opinión nos ayuda a mejorar."
          : ((data.error && data.error.message) || "No se pudo guardar la respuesta.");
      });
    }).catch(function () {
      el("thanks-note").textContent = "No se pudo guardar la respuesta: sin conexión.";
    }).then(function () {
      sending = false;
      ticket = null;
      show("thanks");
      later(THANKS_MS, idle);
    });
  }

  document.querySelectorAll("[data-satisfied]").forEach(function (button) {
    button.addEventListener("click", function () {
      if (!ticket) return;
      satisfied = button.dataset.satisfied === "true";
      show("score");
      later(SCORE_TIMEOUT_MS, function () { send(null); });
    });
  });
  document.querySelectorAll("[data-score]").forEach(function (button) {
    button.addEventListener("click", function () { send(parseInt(button.dataset.score, 10)); });
  });
  el("send-no-score").addEventListener("click", function () { send(null); });

  var socket = io({ transports: ["websocket"], reconnectionDelayMax: 5000 });
  socket.on("connect", function () {
    el("survey-offline").hidden = true;
    root.dataset.connected = "1";
    // A request sent while the tablet was offline is picked up again.
    if (!ticket) socket.emit("survey_pending", { desk: root.dataset.desk }, function (pending) { if (pending) ask(pending); });
  });
  socket.on("disconnect", function () { el("survey-offline").hidden = false; root.dataset.connected = "0"; });
  socket.on("survey_request", ask);
  socket.on("survey_done", function (msg) {
    if (ticket && msg && msg.ticket === ticket.ticket && !sending) idle();
  });
  idle();
})();
