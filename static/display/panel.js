/* Waiting-room panel: live calls over Socket.IO, a snapshot on every (re)connect and on any sequence gap,
   and announcements (chime, then the server's espeak-ng audio or the browser's Spanish voice) played one
   at a time. Every announcement is recorded in window.__announcements (what the tests observe). */
(() => {
  "use strict";
  const { live, time } = window.Turnero;

  const root = document.getElementById("main");
  const area = root.dataset.area;
  const pageVersion = root.dataset.version;
  const voiceMode = root.dataset.voice; // "server": espeak-ng audio; "browser": speechSynthesis only
  // How many calls «Últimos llamados» lists: the setting «Llamadas anteriores en el panel» (0 lists none), as the
  // page was rendered and then as every snapshot and `calls_changed` says (a change in admin reaches open panels).
  const limitOf = (value, fallback) => {
    const n = Number.parseInt(value, 10);
    return Number.isNaN(n) || n < 0 ? fallback : n;
  };
  let historyLimit = limitOf(root.dataset.historyLimit, 8);
  // A call made while this panel was offline is announced once back if its desk still awaits the customer and it
  // is this recent: a cut of a minute or two must not leave anyone unannounced; older calls are not a flood. The
  // server's «Llamando» uses the same window (core/realtime/broadcast.py RECENT_CALL_S).
  const RESYNC_ANNOUNCE_S = 180;

  let current = null;
  let history = [];
  // «Todas las salas»: each waiting area's name by code (the snapshot's `rooms`), said with every call so a customer
  // in the other room knows where the desk is; empty on one room's panel.
  let rooms = {};
  const roomOf = (call) => rooms[call.area] || "";
  const announced = {}; // call key → true: a resync never announces again what was already said
  const heard = {}; // call key → true once its announcement played with sound
  const replayed = {}; // call key → true once said again when sound came on
  let synced = false;
  window.__announcements = [];

  const el = (id) => document.getElementById(id);
  const callKey = (call) => `${call.number}|${call.at}`;
  /* «Últimos llamados» is always in call order, the latest call or recall first, whichever way the calls came
     (a live call, `calls_changed`, a snapshot): a call that stayed on call at one desk while another desk called
     more customers is older than theirs, and is listed below them (it used to jump to the top on each new call). */
  const callTime = (call) => Date.parse(call.at) || 0;
  const ordered = (calls) => calls
    .map((call, i) => ({ call, i }))
    .sort((a, b) => callTime(b.call) - callTime(a.call) || a.i - b.i)
    .map(({ call }) => call)
    .slice(0, historyLimit);
  function node(tag, cls, text) {
    const n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text !== undefined) n.textContent = text;
    return n;
  }
  const hidden = (text) => node("span", "visually-hidden", text);

  /* ---- clock (business time zone), on the server's time so a TV with a wrong clock still shows the right one */
  function tick() {
    const now = new Date(time.now());
    el("clock-time").textContent = time.clock(now);
    el("clock-date").textContent = time.longDate(now);
    el("clock-time").setAttribute("datetime", now.toISOString());
  }
  time.sync(root.dataset.serverTime);
  tick();
  setInterval(tick, 1000);

  /* ---- rendering */
  function renderCurrent(flash) {
    const box = el("current");
    box.textContent = "";
    box.parentNode.classList.toggle("is-idle", !current);
    // A recall reads «Segundo llamado» where a first call reads «Llamando»: the room took a recall for a new call.
    const label = (current && current.call_label) || "";
    box.parentNode.classList.toggle("is-recall", Boolean(label));
    el("current-title").textContent = label || "Llamando";
    if (label) box.appendChild(hidden(`${label}: `)); // the live region says it too
    if (!current) {
      // Nobody on call: say so, never something that could be read as a call.
      box.append(node("span", "idle", "Espere su turno"),
        node("span", "idle-note", "Su número aparecerá aquí cuando le llamen"));
    } else {
      box.appendChild(node("span", "num", current.number));
      const arrow = node("span", "arrow", "→");
      arrow.setAttribute("aria-hidden", "true");
      box.appendChild(arrow);
      box.appendChild(hidden(" pase a "));
      box.appendChild(node("span", "desk", current.desk_name));
      if (roomOf(current)) box.append(hidden(", "), node("span", "room", `Sala: ${roomOf(current)}`));
    }
    if (flash) {
      const section = box.parentNode;
      section.classList.remove("is-new");
      void section.offsetWidth; // restart the animation
      section.classList.add("is-new");
    }
  }

  function renderHistory() {
    el("history").replaceChildren(...history.map((call) => {
      // Highlighted only while its ticket is on call: the newest row used to stay highlighted after its customer
      // was served, and the room read it as a number still being called.
      const li = node("li", call.on_call ? "is-on-call" : "");
      const where = node("span", "where");
      where.appendChild(node("span", "desk", call.desk_name));
      if (roomOf(call)) where.append(hidden(", sala "), node("span", "room", roomOf(call)));
      li.append(node("span", "num", call.number), hidden(" pase a "), where);
      return li;
    }));
    fitHistory();
  }

  /* One line per call: a desk name too long for its row («Coordinador Técnico Comercial») shrinks down to
     DESK_MIN_VW, then is cut with «…»; a final number or short code stays («Mezanine BOC 1» and «Mezanine BOC 2»
     differ only there). The number never shrinks nor wraps (panel.css): rows that wrapped («B-» over «002») left
     room for four calls of eight. */
  const DESK_MIN_VW = 1.6;
  const textWidth = (node) => {
    const range = document.createRange();
    range.selectNodeContents(node);
    return range.getBoundingClientRect().width; // the whole text, also what overflows its box
  };
  function fitDesk(li) {
    const desk = li.querySelector(".desk");
    if (!desk) return;
    const full = desk.dataset.full || desk.textContent;
    desk.dataset.full = full;
    desk.textContent = full;
    desk.style.fontSize = "";
    const over = () => textWidth(desk) > desk.getBoundingClientRect().width + 0.5;
    if (!over()) return;
    const least = (window.innerWidth * DESK_MIN_VW) / 100;
    // In proportion first, then a pixel at a time (a text's width is not quite linear in its size).
    const ratio = desk.getBoundingClientRect().width / textWidth(desk);
    let size = Math.max(least, Math.floor(parseFloat(getComputedStyle(desk).fontSize) * ratio));
    desk.style.fontSize = `${size}px`;
    while (over() && size > least) {
      size = Math.max(least, size - 1);
      desk.style.fontSize = `${size}px`;
    }
    const cut = full.lastIndexOf(" ");
    const kept = cut > 0 && /\d|^\s\S{1,3}$/.test(full.slice(cut)) ? full.slice(cut) : "";
    let head = full.slice(0, full.length - kept.length);
    while (over() && head.length > 1) {
      head = head.slice(0, -1).trimEnd();
      desk.textContent = `${head}…${kept}`;
    }
  }

  /* Only whole rows: a call cut in half at the bottom of the column reads as a different number. When not all
     fit, the oldest finished calls leave first: a call still on call (its desk awaits the customer) stays in
     sight whatever its place (the bottom rows used to be cut, and with them a number still being called). */
  function fitHistory() {
    const list = el("history");
    const box = list.parentNode;
    const rows = Array.from(list.children);
    rows.forEach((li) => { li.hidden = false; });
    rows.forEach(fitDesk);
    const bottom = box.getBoundingClientRect().bottom - parseFloat(getComputedStyle(box).paddingBottom);
    const overflows = () => {
      const shown = rows.filter((li) => !li.hidden);
      return shown.length > 0 && shown[shown.length - 1].getBoundingClientRect().bottom > bottom + 0.5;
    };
    const oldestFirst = rows.slice().reverse();
    const onCall = (li) => li.classList.contains("is-on-call");
    const leaving = [...oldestFirst.filter((li) => !onCall(li)), ...oldestFirst.filter(onCall)];
    for (const li of leaving) {
      if (!overflows()) break;
      li.hidden = true;
    }
  }
  // Whenever the column's height changes: the window, an image or video taking or leaving its share of the column
  // (admin uploads or removes it while the TV is on), the «Sin conexión» bar.
  if ("ResizeObserver" in window) {
    new ResizeObserver(() => fitHistory()).observe(el("history").parentNode);
  }
  window.addEventListener("resize", fitHistory);

  function renderWaiting(waiting) {
    el("waiting").replaceChildren(...waiting.map((q) => {
      const li = node("li");
      li.dataset.queue = q.queue;
      li.append(node("span", "prefix", q.prefix), node("span", "name", q.name),
        node("strong", "count", String(q.waiting)));
      return li;
    }));
  }

  function renderAnnouncements(notes) {
    const ticker = el("ticker");
    const text = (notes || []).join("   ·   ");
    ticker.hidden = !text;
    el("ticker-track").textContent = text;
    // Constant reading speed whatever the length of the text.
    ticker.style.setProperty("--ticker-seconds", `${Math.max(15, Math.round(text.length / 6))}s`);
  }

  /* ---- sound: a browser that blocks autoplay stays silent until someone touches the screen. Detected at
     load (the chime, played at volume 0, is refused with NotAllowedError) and on every chime; the banner says
     so, and any touch, click or key turns sound on (the gesture unlocks the page's audio and voice). */
  let audioState = "unknown"; // "ok" | "muted" | "unknown", reported to the admin monitor
  let channel = null;

  function setAudio(state) {
    if (state === audioState) return;
    const unmuted = audioState === "muted" && state === "ok";
    audioState = state;
    root.dataset.audio = state;
    el("sound-off").hidden = state !== "muted";
    reportHealth();
    if (unmuted) replayMissed();
  }

  /* Resolves once the browser has said whether this page may play sound now. */
  function probeAudio() {
    const silent = new Audio(root.dataset.chime);
    silent.volume = 0; // volume 0 is still "audible" for the autoplay policy (only `muted` is not)
    let started;
    try { started = silent.play(); } catch (_e) { started = null; }
    if (!started || !started.then) return Promise.resolve();
    return started
      .then(() => { silent.pause(); setAudio("ok"); })
      .catch((e) => { if (e && e.name === "NotAllowedError") setAudio("muted"); });
  }

  function unlockAudio() {
    if (audioState === "ok") return;
    probeAudio(); // inside the gesture: allowed now, and from now on for this page
  }
  ["pointerdown", "touchstart", "keydown", "click"].forEach((name) => {
    document.addEventListener(name, unlockAudio, { capture: true, passive: true });
  });

  /* ---- health, for the admin monitor: on connect, every 30 s and when the sound changes */
  const HEALTH_EVERY_MS = Number(root.dataset.reportEvery) * 1000; // core/panels/health.py, REPORT_EVERY_S
  function reportHealth() {
    if (!channel || !channel.connected) return; // sent again on connect
    // The answer says where the room stands in the database: a panel behind it lost an event (live.js).
    channel.emit("panel_health", { seq: channel.sequence().value, audio: audioState, version: pageVersion },
      (answer) => channel.catchUpTo(answer && answer.seq));
  }

  /* ---- announcements: one at a time, in order */
  const pending = [];
  let speaking = false;
  const chime = new Audio(root.dataset.chime);
  chime.preload = "auto";
  const wait = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

  /* Resolves true when the audio ended (or played for maxSeconds), false when it could not play. */
  function play(audio, maxSeconds) {
    return new Promise((resolve) => {
      let done = false;
      let timer = null;
      const finish = (ok) => {
        if (done) return;
        done = true;
        audio.removeEventListener("ended", onEnd);
        audio.removeEventListener("error", onErr);
        clearTimeout(timer);
        resolve(ok);
      };
      const onEnd = () => finish(true);
      const onErr = () => finish(false);
      timer = setTimeout(() => finish(true), maxSeconds * 1000);
      audio.addEventListener("ended", onEnd);
      audio.addEventListener("error", onErr);
      try {
        audio.currentTime = 0;
        const started = audio.play();
        if (started && started.catch) {
          started.catch((e) => {
            if (e && e.name === "NotAllowedError") setAudio("muted"); // autoplay policy: needs a touch first
            finish(false);
          });
        }
      } catch (_e) { finish(false); }
    });
  }

  function spanishVoice() {
    if (!("speechSynthesis" in window)) return null;
    let best = null;
    (window.speechSynthesis.getVoices() || []).forEach((v) => {
      const lang = (v.lang || "").toLowerCase();
      if (!lang.startsWith("es")) return;
      if (!best || lang === "es-bo" || (lang === "es-419" && best.lang.toLowerCase() !== "es-bo")) best = v;
    });
    return best;
  }
  if ("speechSynthesis" in window) window.speechSynthesis.getVoices(); // voices load asynchronously

  function speak(text) {
    return new Promise((resolve) => {
      const voice = spanishVoice();
      if (!voice) { resolve(false); return; }
      const u = new SpeechSynthesisUtterance(text);
      u.voice = voice;
      u.lang = voice.lang;
      u.rate = 0.9;
      const timer = setTimeout(() => resolve(true), 15000);
      u.onend = () => { clearTimeout(timer); resolve(true); };
      u.onerror = () => { clearTimeout(timer); resolve(false); };
      window.speechSynthesis.speak(u);
    });
  }

  const audioUrl = (call) => `${root.dataset.audioBase.replace("KEY", call.audio_key)}?t=${encodeURIComponent(call.speech)}`;

  function announce(call) {
    if (!call || !call.speech) return;
    pending.push(call);
    if (!speaking) playAll();
  }

  async function say(call) {
    const useServer = voiceMode === "server" && call.audio_key;
    const record = { number: call.number, desk: call.desk, text: call.speech, recall: Boolean(call.recall),
      audio: useServer ? audioUrl(call) : null, mode: useServer ? "audio" : "speech", at: Date.now() };
    window.__announcements.push(record);
    root.dataset.lastAnnouncement = call.speech;
    await play(chime, 4);
    let ok;
    if (!useServer) {
      ok = await speak(call.speech);
    } else {
      ok = await play(new Audio(record.audio), 15);
      if (!ok) {
        record.mode = "speech"; // the server could not speak (no espeak-ng, or offline): the browser tries
        ok = await speak(call.speech);
      }
    }
    record.spoken = ok;
    if (ok && audioState !== "muted") heard[callKey(call)] = true;
    record.done = Date.now();
    await wait(700);
  }

  async function playAll() {
    speaking = true;
    while (pending.length) {
      try { await say(pending.shift()); } catch (_e) { /* the next call is still announced */ }
    }
    speaking = false;
  }

  /* Sound just came on (a touch): the room heard nothing of the call on «Llamando» if it was made while the panel
     was mute. It is said once now, if its desk still awaits the customer and it is recent (as after a cut). */
  function replayMissed() {
    const call = current;
    if (!call || !call.speech || call.awaited === false || time.secondsSince(call.at) > RESYNC_ANNOUNCE_S) return;
    const key = callKey(call);
    if (heard[key] || replayed[key] || pending.some((c) => callKey(c) === key)) return;
    replayed[key] = true;
    announce(call);
  }

  /* ---- state */
  function applyCall(call, shouldAnnounce) {
    const key = callKey(call);
    history = ordered([...(current ? [current] : []), ...history].filter((h) => h.number !== call.number));
    current = { ...call, on_call: true }; // a call just made is on call (`ticket_called` does not say so)
    renderCurrent(true);
    renderHistory();
    // Live events are deduplicated by their sequence number (a recall in the same second has the same key).
    announced[key] = true;
    if (shouldAnnounce) announce(call);
  }

  /* A called ticket was finished, marked no-show, transferred or cancelled: the server sends the calls as
     they are now (the snapshot's own `current` and `history`), so a panel never keeps a number that left. */
  function applyCalls(msg) {
    if (msg.history_limit !== undefined) historyLimit = limitOf(msg.history_limit, historyLimit);
    current = msg.current || null;
    history = ordered(msg.history || []);
    el("current").parentNode.classList.remove("is-new"); // what stays on call is no new call
    renderCurrent(false);
    renderHistory();
  }

  // The optional image or video slot: admin may change or remove it while the TV is on.
  function renderMedia(media) {
    let slot = root.querySelector(".media");
    const src = media ? `/display/media/${encodeURIComponent(media.name)}?v=${media.version}` : null;
    if (slot && slot.dataset.src === src) return;
    if (slot) slot.remove();
    root.classList.toggle("has-media", Boolean(media));
    fitHistory(); // the column's share changed: whole rows for its new height, now rather than at the next call
    if (!media) return;
    slot = document.createElement("div");
    slot.className = "media";
    slot.dataset.src = src;
    const element = document.createElement(media.kind === "video" ? "video" : "img");
    if (media.kind === "video") {
      Object.assign(element, { autoplay: true, muted: true, loop: true, playsInline: true });
      element.setAttribute("aria-hidden", "true");
    } else {
      element.alt = "";
    }
    element.src = src;
    slot.appendChild(element);
    root.insertBefore(slot, root.querySelector(".history"));
  }

  function applySnapshot(snap) {
    if (snap.version && String(snap.version) !== String(pageVersion)) {
      window.location.reload(); // a new release was deployed while we were connected or away
      return;
    }
    // (live.js has already set the clock from snap.server_time.)
    const before = current ? callKey(current) : null;
    channel.synced(snap.seq);
    if (snap.history_limit !== undefined) historyLimit = limitOf(snap.history_limit, historyLimit);
    rooms = snap.rooms || {};
    current = snap.current;
    history = ordered(snap.history || []);
    const fresh = current && callKey(current) !== before;
    renderCurrent(synced && fresh);
    renderHistory();
    renderWaiting(snap.waiting || []);
    renderAnnouncements(snap.announcements);
    renderMedia(snap.media || null);
    if (!synced) {
      // The first snapshot after loading the page: what is on it was already announced.
      [current, ...history].forEach((c) => { if (c) announced[callKey(c)] = true; });
    } else {
      // Back from a cut (or a gap): every call this panel has not said whose customer the desk still awaits,
      // oldest first, not only the newest. One under «Últimos llamados» is a desk waiting for someone too.
      [...history].reverse().concat(current ? [current] : [])
        .filter((c) => c.awaited !== false && !announced[callKey(c)] && time.secondsSince(c.at) <= RESYNC_ANNOUNCE_S)
        .forEach((c) => {
          announced[callKey(c)] = true;
          announce(c);
        });
    }
    synced = true;
    root.dataset.seq = String(snap.seq);
    reportHealth(); // sent on every connect (the server pushes this snapshot then), with the seq it stands at
  }

  const showSeq = () => {
    const value = channel.sequence().value;
    if (value !== null) root.dataset.seq = String(value);
  };

  channel = live.connect({
    auth: { area },
    onStatus: (online) => {
      el("offline").hidden = online;
      document.body.classList.toggle("is-offline", !online);
    },
    resync: () => channel.emit("snapshot"), // on a gap; on connect the server sends a snapshot by itself
    resyncOnConnect: false,
  });
  channel
    .on("snapshot", applySnapshot)
    .onSequenced("ticket_called", ({ waiting, ...call }) => {
      showSeq();
      applyCall(call, true); // on a gap the call is still the newest: show and announce it while resyncing
      // The call carries the area's waiting counts: no `queue_changed` follows a call (one message per call).
      if (waiting) renderWaiting(waiting);
    })
    .onSequenced("calls_changed", (msg) => {
      showSeq();
      applyCalls(msg);
    })
    .onSequenced("config_changed", (_msg, order) => {
      showSeq();
      // Announcements, desk names, queues… changed in admin: the snapshot has it all (a gap already asked).
      if (order === "apply") channel.emit("snapshot");
    })
    .onSequenced("queue_changed", (msg) => { // a ticket issued, transferred or cancelled
      showSeq();
      renderWaiting(msg.waiting || []);
    });
  probeAudio();
  setInterval(reportHealth, HEALTH_EVERY_MS);
})();
