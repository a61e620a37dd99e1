/* The desk console's «Transferir» dialog: each transfer starts blank, and each destination says what the agent
   must know before choosing. console.js opens it (`Turnero.deskTransfer.reset`) and sends what was chosen. */
(() => {
  "use strict";
  const { api } = window.Turnero;
  const root = document.getElementById("console");
  if (!root) return;
  const DESK_STATES = JSON.parse(root.dataset.labels).desk_states;
  const el = (id) => document.getElementById(id);

  let warned = null; // the closed desk the agent was warned about: a second «Transferir» sends there

  /* A closed desk calls nobody: the customer would wait there until it opens, maybe not today; a paused one
     calls nobody until it resumes. The first «Transferir» to either says so in the dialog; the agent confirms
     with «Transferir igual» or picks another. */
  const WARNINGS = {
    closed: "está cerrado: nadie llamará a este cliente hasta que ese mesón abra.",
    paused: "está en pausa: nadie llamará a este cliente hasta que ese mesón se reanude.",
  };
  function unwarn() {
    warned = null;
    el("transfer-warning").hidden = true;
    el("transfer-submit").textContent = "Transferir";
  }
  function confirmed() {
    const select = el("transfer-desk");
    const option = select.disabled ? null : select.selectedOptions[0];
    // Its state as the page rendered it, then as /desk/destinos read it (label below).
    const warning = option && option.value ? WARNINGS[option.dataset.state] : null;
    if (!warning || warned === option.value) return true;
    warned = option.value;
    el("transfer-warning").textContent = `${option.dataset.name || option.textContent} ${warning} ` +
      "¿Transferirlo igual? También puede elegir otro destino.";
    el("transfer-warning").hidden = false;
    el("transfer-submit").textContent = "Sí, transferir igual";
    return false;
  }

  function transferTo(toDesk) {
    el("transfer-desk").disabled = !toDesk;
    el("transfer-queue").disabled = toDesk;
    unwarn();
  }
  root.querySelectorAll("input[name=kind]").forEach((radio) => {
    radio.addEventListener("change", () => transferTo(radio.value === "desk" && radio.checked));
  });
  el("transfer-desk").addEventListener("change", unwarn);

  /* The ticket's own queue is a destination too (the customer waits there again for the next free desk), a
     closed or paused desk does not call anyone now, and a queue no open desk serves keeps the customer waiting
     until one opens. The desk's own mesón is disabled in the page (by its attribute: inside a disabled <select>,
     every option matches :disabled). */
  function label(ownQueue, targets) {
    const notes = { queue: {}, desk: {} };
    if (targets) {
      targets.queues.forEach((q) => { if (!q.served) notes.queue[q.code] = "ningún mesón abierto"; });
      targets.desks.forEach((d) => {
        if (d.state !== "open") notes.desk[d.code] = DESK_STATES[d.state].toLowerCase();
        const option = el("transfer-desk").querySelector(`option[value='${d.code}']`);
        if (option) option.dataset.state = d.state; // what «Transferir» warns about (confirmed)
      });
    }
    if (ownQueue) {
      notes.queue[ownQueue] = ["su cola: vuelve a la espera", notes.queue[ownQueue]].filter(Boolean).join("; ");
    }
    ["queue", "desk"].forEach((kind) => {
      el(`transfer-${kind}`).querySelectorAll("option:not([value='']):not([disabled])").forEach((option) => {
        // Shown with its room (the page's text, kept once); a warning names it by its name alone (`data-name`).
        option.dataset.label = option.dataset.label || option.textContent;
        const note = notes[kind][option.value];
        option.textContent = note ? `${option.dataset.label} (${note})` : option.dataset.label;
      });
    });
  }

  /* Each transfer starts blank: no destination chosen (the form requires one), the arrival kept, no note. The
     dialog kept the last ticket's choices, and a cancelled transfer's note waited for the next customer. */
  function reset(ownQueue) {
    el("dlg-transfer").querySelector("form").reset();
    el("transfer-queue").selectedIndex = 0;
    el("transfer-desk").selectedIndex = 0;
    label(ownQueue, null);
    transferTo(false);
    // Desks open and close all day; the page was loaded this morning. Read them again while the agent chooses.
    api.get("/desk/destinos").then((targets) => label(ownQueue, targets), () => {}); // unread: names only
  }

  window.Turnero.deskTransfer = { reset, confirmed };
})();
