/* The kiosk's idle rule. On the ticket screen it goes home when the ticket's time is up (longer when its
   printout failed: the number must be noted). Elsewhere it first asks «¿Sigue ahí?» with a countdown, then goes
   home. Any touch or key (typing included) starts the wait again, so nobody is reset mid-sentence. kiosk.js
   says what home is and where the customer is (`start`); screens.js re-arms it on every screen (`arm`). The times come
   from the page (kiosk/routes.py `_timings`: the `kiosk_idle_seconds` setting and its overrides). */
(() => {
  "use strict";
  const main = document.querySelector("main.kiosk");
  const box = document.querySelector("[data-idle]");
  const idleMs = Number(main.dataset.idleSeconds) * 1000;
  const ticketMs = Number(main.dataset.ticketSeconds) * 1000;
  const ticketFailedMs = Number(main.dataset.ticketFailedSeconds) * 1000;
  const warnSeconds = Number(main.dataset.warnSeconds);
  let timer = null;
  let countdown = null;
  let goHome = () => {};
  let where = () => ({ screen: "home", printFailed: false });

  function stop() {
    clearInterval(countdown);
    countdown = null;
    box.hidden = true;
  }

  function ask() {
    let left = warnSeconds;
    const counter = box.querySelector("[data-idle-count]");
    counter.textContent = String(left);
    box.hidden = false;
    box.querySelector("[data-stay]").focus({ preventScroll: true });
    countdown = setInterval(() => {
      left -= 1;
      counter.textContent = String(left);
      if (left <= 0) goHome();
    }, 1000);
  }

  function arm() {
    clearTimeout(timer);
    stop();
    const { screen, printFailed } = where();
    if (screen === "home") return;
    if (screen === "ticket") {
      timer = setTimeout(goHome, printFailed ? ticketFailedMs : ticketMs);
      return;
    }
    timer = setTimeout(ask, idleMs);
  }

  function start({ home, where: whereNow }) {
    goHome = home;
    where = whereNow;
    /* While «¿Sigue ahí?» is up, only its button answers: a touch must not hide it and land on what is below. */
    ["pointerdown", "keydown", "input"].forEach((type) => document.addEventListener(type, () => {
      if (!countdown) arm();
    }, true));
  }

  window.Turnero.kioskIdle = { start, arm, stay: arm };  // «Sigo aquí»: the box goes, the wait starts again
})();
