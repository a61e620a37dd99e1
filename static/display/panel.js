/* Waiting-room panel: live calls over Socket.IO, a snapshot on every (re)connect and on any sequence gap,
   and announcements (chime, then the server's espeak-ng audio or the browser's Spanish voice) played one
   at a time. Every announcement is recorded in window.__announcements (what the tests observe). */
(function () {
  "use strict";

  var root = document.getElementById("main");
  var area = root.dataset.area;
  var pageVersion = root.dataset.version;
  var voiceMode = root.dataset.voice; // "server": espeak-ng audio; "browser": speechSynthesis only
  var historyLimit = parseInt(root.dataset.historyLimit, 10) || 8;
  var LA_PAZ_OFFSET_MIN = -240; // Bolivia has no daylight saving time
  var RESYNC_ANNOUNCE_S = 60; // a call made while offline is announced if it is this recent

  var seq = null;
  var clockOffsetMs = 0;
  var current = null;
  var history = [];
  var announced = {}; // call key → true: a resync never announces again what was already said
  var synced = false;
  window.__announcements = [];

  function el(id) { return document.getElementById(id); }
  function callKey(call) { return call.number + "|" + call.at; }
  function node(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text !== undefined) n.textContent = text;
    return n;
  }
  function hidden(text) { return node("span", "visually-hidden", text); }

  /* ---- clock (La Paz), corrected by the server's time so a TV with a wrong clock still shows the right one */
  var timeFmt = null, dateFmt = null;
  try {
    timeFmt = new Intl.DateTimeFormat("es-BO", { timeZone: "America/La_Paz", hour: "2-digit", minute: "2-digit",
      hour12: false });
    dateFmt = new Intl.DateTimeFormat("es-BO", { timeZone: "America/La_Paz", weekday: "long", day: "numeric",
      month: "long" });
  } catch (e) { timeFmt = null; }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function tick() {
    var now = new Date(Date.now() + clockOffsetMs);
    if (timeFmt) {
      el("clock-time").textContent = timeFmt.format(now);
      el("clock-date").textContent = dateFmt.format(now);
    } else {
      var lp = new Date(now.getTime() + LA_PAZ_OFFSET_MIN * 60000);
      el("clock-time").textContent = pad(lp.getUTCHours()) + ":" + pad(lp.getUTCMinutes());
    }
    el("clock-time").setAttribute("datetime", now.toISOString());
  }
  function syncClock(serverTime) {
    var t = Date.parse(serverTime);
    if (!isNaN(t)) clockOffsetMs = t - Date.now();
  }
  syncClock(root.dataset.serverTime);
  tick();
  setInterval(tick, 1000);

  /* ---- rendering */
  function renderCurrent(flash) {
    var box = el("current");
    box.textContent = "";
    if (!current) {
      box.appendChild(node("span", "idle", "Bienvenido"));
    } else {
      box.appendChild(node("span", "num", current.number));
      var arrow = node("span", "arrow", "→");
      arrow.setAttribute("aria-hidden", "true");
      box.appendChild(arrow);
      box.appendChild(hidden(" pase a "));
      box.appendChild(node("span", "desk", current.desk_name));
    }
    if (flash) {
      var section = box.parentNode;
      section.classList.remove("is-new");
      void section.offsetWidth; // restart the animation
      section.classList.add("is-new");
    }
  }
  function renderHistory() {
    var list = el("history");
    list.textContent = "";
    history.forEach(function (call, i) {
      var li = node("li", i === 0 ? "is-fresh" : "");
      li.appendChild(node("span", "num", call.number));
      li.appendChild(hidden(" pase a "));
      li.appendChild(node("span", "desk", call.desk_name));
      list.appendChild(li);
    });
  }
  function renderWaiting(waiting) {
    var list = el("waiting");
    list.textContent = "";
    waiting.forEach(function (q) {
      var li = node("li");
      li.dataset.queue = q.queue;
      li.appendChild(node("span", "prefix", q.prefix));
      li.appendChild(node("span", "name", q.name));
      li.appendChild(node("strong", "count", String(q.waiting)));
      list.appendChild(li);
    });
  }
  function renderAnnouncements(notes) {
    var ticker = el("ticker");
    var text = (notes || []).join("   ·   ");
    ticker.hidden = !text;
    el("ticker-track").textContent = text;
    // Constant reading speed whatever the length of the text.
    ticker.style.setProperty("--ticker-seconds", Math.max(15, Math.round(text.length / 6)) + "s");
  }

  /* ---- announcements: one at a time, in order */
  var pending = [];
  var speaking = false;
  var chime = new Audio(root.dataset.chime);
  chime.preload = "auto";

  function play(audio, maxSeconds) {
    return new Promise(function (resolve) {
      var done = false;
      function finish(ok) {
        if (done) return;
        done = true;
        audio.removeEventListener("ended", onEnd);
        audio.removeEventListener("error", onErr);
        clearTimeout(timer);
        resolve(ok);
      }
      function onEnd() { finish(true); }
      function onErr() { finish(false); }
      var timer = setTimeout(function () { finish(true); }, maxSeconds * 1000);
      audio.addEventListener("ended", onEnd);
      audio.addEventListener("error", onErr);
      try {
        audio.currentTime = 0;
        var started = audio.play();
        if (started && started.catch) started.catch(function () { finish(false); });
      } catch (e) { finish(false); }
    });
  }

  function spanishVoice() {
    if (!("speechSynthesis" in window)) return null;
    var voices = window.speechSynthesis.getVoices() || [];
    var best = null;
    voices.forEach(function (v) {
      var lang = (v.lang || "").toLowerCase();
      if (lang.indexOf("es") !== 0) return;
      if (!best || lang === "es-bo" || (lang === "es-419" && best.lang.toLowerCase() !== "es-bo")) best = v;
    });
    return best;
  }
  if ("speechSynthesis" in window) window.speechSynthesis.getVoices(); // voices load asynchronously

  function speak(text) {
    return new Promise(function (resolve) {
      var voice = spanishVoice();
      if (!voice) { resolve(false); return; }
      var u = new SpeechSynthesisUtterance(text);
      u.voice = voice;
      u.lang = voice.lang;
      u.rate = 0.9;
      var timer = setTimeout(function () { resolve(true); }, 15000);
      u.onend = function () { clearTimeout(timer); resolve(true); };
      u.onerror = function () { clearTimeout(timer); resolve(false); };
      window.speechSynthesis.speak(u);
    });
  }

  function audioUrl(call) {
    return root.dataset.audioBase.replace("KEY", call.audio_key) + "?t=" + encodeURIComponent(call.speech);
  }

  function wait(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }

  function announce(call) {
    if (!call || !call.speech) return;
    pending.push(call);
    if (!speaking) playNext();
  }

  function playNext() {
    var call = pending.shift();
    if (!call) { speaking = false; return; }
    speaking = true;
    var useServer = voiceMode === "server" && call.audio_key;
    var record = { number: call.number, desk: call.desk, text: call.speech, recall: !!call.recall,
      audio: useServer ? audioUrl(call) : null, mode: useServer ? "audio" : "speech", at: Date.now() };
    window.__announcements.push(record);
    root.dataset.lastAnnouncement = call.speech;
    play(chime, 4)
      .then(function () {
        if (!useServer) return speak(call.speech);
        return play(new Audio(record.audio), 15).then(function (ok) {
          if (ok) return true;
          record.mode = "speech"; // the server could not speak (no espeak-ng, or offline): the browser tries
          return speak(call.speech);
        });
      })
      .then(function (ok) { record.spoken = ok; record.done = Date.now(); return wait(700); })
      .then(playNext, playNext);
  }

  /* ---- state */
  function applyCall(call, shouldAnnounce) {
    var key = callKey(call);
    if (current && current.number !== call.number) history.unshift(current);
    history = history.filter(function (h) { return h.number !== call.number; }).slice(0, historyLimit);
    current = call;
    renderCurrent(true);
    renderHistory();
    // Live events are deduplicated by their sequence number (a recall in the same second has the same key).
    announced[key] = true;
    if (shouldAnnounce) announce(call);
  }

  // The optional image or video slot: admin may change or remove it while the TV is on.
  function renderMedia(media) {
    var slot = root.querySelector(".media");
    var src = media ? "/display/media/" + encodeURIComponent(media.name) + "?v=" + media.version : null;
    if (slot && slot.dataset.src === src) return;
    if (slot) slot.remove();
    root.classList.toggle("has-media", Boolean(media));
    if (!media) return;
    slot = document.createElement("div");
    slot.className = "media";
    slot.dataset.src = src;
    var element = document.createElement(media.kind === "video" ? "video" : "img");
    if (media.kind === "video") {
      element.autoplay = true; element.muted = true; element.loop = true; element.playsInline = true;
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
    syncClock(snap.server_time);
    var before = current ? callKey(current) : null;
    seq = snap.seq;
    current = snap.current;
    history = (snap.history || []).slice(0, historyLimit);
    var fresh = current && callKey(current) !== before;
    var recent = current && (Date.now() + clockOffsetMs - Date.parse(current.at)) / 1000 <= RESYNC_ANNOUNCE_S;
    renderCurrent(synced && fresh);
    renderHistory();
    renderWaiting(snap.waiting || []);
    renderAnnouncements(snap.announcements);
    renderMedia(snap.media || null);
    if (!synced) {
      // The first snapshot after loading the page: what is on it was already announced.
      [current].concat(history).forEach(function (c) { if (c) announced[callKey(c)] = true; });
    } else if (fresh && recent && !announced[callKey(current)]) {
      announced[callKey(current)] = true;
      announce(current);
    }
    synced = true;
    root.dataset.seq = String(seq);
  }

  /* Sequence numbers: the next one is applied; an old one is ignored; a gap means we missed something. */
  function inSequence(msg) {
    if (seq === null || typeof msg.seq !== "number") return "apply";
    if (msg.seq <= seq) return "old";
    if (msg.seq === seq + 1) { seq = msg.seq; root.dataset.seq = String(seq); return "apply"; }
    socket.emit("snapshot");
    return "gap";
  }

  function setOnline(online) {
    el("offline").hidden = online;
    document.body.classList.toggle("is-offline", !online);
    root.dataset.connected = online ? "1" : "0";
  }

  var socket = io({ transports: ["websocket"], auth: { area: area }, reconnectionDelayMax: 5000 });
  socket.on("connect", function () { setOnline(true); }); // the server sends a snapshot on connect
  socket.on("disconnect", function () { setOnline(false); });
  socket.on("connect_error", function () { setOnline(false); });
  socket.on("snapshot", applySnapshot);
  socket.on("ticket_called", function (call) {
    var order = inSequence(call);
    if (order === "old") return;
    applyCall(call, true); // on a gap the call is still the newest: show and announce it while resyncing
  });
  socket.on("config_changed", function (msg) {
    // Announcements, desk names, queues… changed in admin: the snapshot has it all.
    if (inSequence(msg) === "apply") socket.emit("snapshot");
  });
  socket.on("queue_changed", function (msg) {
    if (inSequence(msg) === "old") return;
    renderWaiting(msg.waiting || []);
  });
  // Show the mark only when the first connection takes long, not for the instant it takes to connect.
  setTimeout(function () { if (!socket.connected) setOnline(false); }, 3000);
})();
