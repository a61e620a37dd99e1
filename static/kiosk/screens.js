/* The kiosk's screens and the customer going through them. Screens are server-rendered sections; this moves
   between them (`show`, `back`, the steps «Atrás» goes through), stops taps for a moment after every change
   (`settle`), and holds what the current customer chose (`state`), which customer that is (`customer`, counted
   by kiosk.js's home) and the printout whose outcome the screen is waiting for (`watchJob`). The other kiosk
   scripts (account.js, ticket.js, live_updates.js, kiosk.js) share one customer through it. */
(() => {
  "use strict";
  const { api } = window.Turnero;
  const { paginate } = window.Turnero.kioskPager;  // long lists in pages that fit the screen (pager.js)
  const idle = window.Turnero.kioskIdle;  // «¿Sigue ahí?», then home (idle.js)
  const main = document.querySelector("main.kiosk");
  const nav = document.querySelector(".k-nav");
  const screensBox = document.querySelector(".k-screens");
  /* After every screen change, taps are ignored this long: the second tap of a double tap lands on whatever
     the new screen put under the finger, and must not choose it. CSS also stops pointer events meanwhile.
     KIOSK_SETTLE_MS (core/config.py). The timer alone ends it: a deadline read again from performance.now()
     could be missed by a hair, as that clock is coarsened (Chromium: 100 µs, with jitter) and a timer may read
     it 0.1 ms short of `now + SETTLE_MS`; the mark then stayed for good, and the screen took no tap. */
  const SETTLE_MS = Number(main.dataset.settleMs);
  let settling = null;  // the timer that ends the current settle
  /* A slow double tap (0.5–0.9 s) outlasts the settle: its second tap, at the spot of the first, chose what the new
     screen had there («Adulto mayor» under «Sí, continuar», a «4» on the keypad). So for a while longer a touch at
     the spot of the touch that brought the screen is still that finger's (KIOSK_ARRIVING_TAP_MS), and so is one
     still on the glass when the screen came. «At the spot»: within a touch target (64 px, kiosk.css). */
  const ARRIVING_MS = Number(main.dataset.arrivingTapMs);
  const SAME_SPOT_PX = 64;
  let touch = null;  // the latest press on the glass: {x, y, at} (performance.now())
  let arrival = { x: NaN, y: NaN, at: -Infinity };  // the press that was down last when the screen changed, and when
  document.addEventListener("pointerdown", (event) => {
    touch = { x: event.clientX, y: event.clientY, at: performance.now() };
  }, true);
  let reloading = false;  // the new page (a catalogue edit, a deploy) is on its way (live_updates.js)

  const screens = {};
  document.querySelectorAll("[data-screen]").forEach((el) => { screens[el.dataset.screen] = el; });

  let history = ["home"];
  let state = {};
  let customer = 0; // home() counts customers: an answer that arrives after it belongs to the last one
  let stopWatch = null;
  const shown = [];  // called after every screen change (live_updates.js: a stale page reloads on the welcome)

  const current = () => history[history.length - 1];

  function show(name, { push = true } = {}) {
    if (!screens[name]) return;
    if (push && current() !== name) history.push(name);
    Object.entries(screens).forEach(([key, el]) => { el.hidden = key !== name; });
    const onTicket = name === "ticket";  // its only way out is «Finalizar»
    nav.hidden = name === "home";
    nav.querySelector('[data-nav="back"]').hidden = name === "issuing" || onTicket;
    nav.querySelector('[data-nav="home"]:not([data-nav-done])').hidden = onTicket;
    nav.querySelector("[data-nav-done]").hidden = !onTicket;
    main.dataset.current = name;
    settle();
    shown.forEach((after) => after(name));
    const heading = screens[name].querySelector("h1");
    if (heading) heading.focus({ preventScroll: true });
    window.scrollTo(0, 0);
    screensBox.scrollTop = 0;
    screens[name].querySelectorAll("[data-pager]").forEach((list) => paginate(list, 0));
    idle.arm();
  }

  /* `turnedPage`: a long list's page turned (pager.js), its «Más opciones» still under the finger: the next touch
     there turns the next page, so it is not held back as the finger that arrived. */
  function settle({ turnedPage = false } = {}) {
    if (!turnedPage) arrival = { x: touch ? touch.x : NaN, y: touch ? touch.y : NaN, at: performance.now() };
    clearTimeout(settling);
    main.dataset.settling = "1";
    settling = setTimeout(() => {
      settling = null;
      if (!reloading) delete main.dataset.settling;
    }, SETTLE_MS);
  }

  /* Whether this click is the customer's choice on the screen they see: not while it settles or the page reloads,
     nor the finger that brought the screen (see ARRIVING_MS). A click without a press (`detail` 0: a key on the
     focused button) is always theirs. */
  function takesTap(event) {
    if (settling !== null || reloading) return false;
    if (!event.detail || !touch) return true;
    const near = Math.hypot(touch.x - arrival.x, touch.y - arrival.y) < SAME_SPOT_PX;
    return !(near && touch.at - arrival.at < ARRIVING_MS);
  }

  /* Until the new page is there, this one takes no tap: a customer's «Realizar un trámite» opened it here, and the
     new page then put them back on the welcome screen. */
  function freeze() {
    reloading = true;
    main.dataset.settling = "1";
  }

  function back() {
    if (history.length > 1) history.pop();
    show(current(), { push: false });
  }

  /* A printout this screen waits for: «Ficha impresa» or «No pudimos imprimir». home() stops the latest. */
  function watchJob(job, onDone) {
    stopWatch = api.watchJob(api.printJobUrl(job), onDone, { job });
  }

  /* The next customer: nothing of the last one's stays (kiosk.js's home clears the screens). */
  function nextCustomer() {
    if (stopWatch) { stopWatch(); stopWatch = null; }
    state = {};
    customer += 1;
    history = ["home"];
  }

  window.Turnero.kioskScreens = {
    main, screens, screensBox, current, show, back, settle, freeze, watchJob, nextCustomer,
    takesTap,
    afterShow: (fn) => { shown.push(fn); },
    goneThrough: (steps) => { history = steps; },  // what «Atrás» goes back through from here
    dropStep: () => { history.pop(); },
    get state() { return state; },
    set state(value) { state = value; },
    get customer() { return customer; },
  };
})();
