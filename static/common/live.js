/* Turnero.live: the one Socket.IO set-up every live screen uses.

   const channel = Turnero.live.connect({
     auth: { area: "PLAT" },            // the connect payload (core/sockets.py decides the rooms from it)
     onStatus: (online) => { … },       // the screen's own «sin conexión» mark
     resync: ({ reason, room }) => { … }, // fetch or ask for a fresh snapshot: on a gap, and on every connect
     resyncOnConnect: true,             // false where the server pushes the snapshot itself on connect
     catchUp: "staff_seq",              // optional: every <body data-catch-up-every> s ask where the room stands
     onRelease: () => { … },            // the server runs another release than this page (<body data-release>):
   });                                  //   reload when the screen allows (web/sockets.py); by default a notice
                                        //   offers the reload (a staff screen may hold something half typed)
   channel.on("printer_health", fn);             // plain events
   channel.onSequenced("ticket_called", fn);     // events that carry the room's `seq`: fn(payload, order)
   channel.synced(snapshot.seq);                 // a snapshot tells where the room's sequence stands

   Sequence numbers (DESIGN.md §4): the next one applies; an old or repeated one is dropped; a jump means
   something was missed, so the handler still gets the (newest) event with order "gap" and `resync` is asked
   for a snapshot. An event sent by a process the screen is not connected to never comes at all: `catchUp`
   names the socket event whose answer ({seq}) says where the room stands in the database, and a screen still
   behind it CATCH_UP_AFTER_MS later resyncs (core/realtime/catch_up.py; a panel learns it from its health
   report and calls `channel.catchUpTo`). The page root (<main id="main">) carries data-connected="1|0" (what tests wait on), and any
   payload with a `server_time` corrects Turnero.time's clock. */
(() => {
  "use strict";
  const Turnero = (window.Turnero = window.Turnero || {});

  const DEFAULT_ROOM = "main";
  const OFFLINE_GRACE_MS = 3000; // the first connection may take a moment: no alarm before this
  const REFUSED_RETRY_MS = 3000; // a connection refused with `retry` (database down) is tried again after this
  const CATCH_UP_AFTER_MS = 3000; // an event already on its way arrives well within this

  /** How often a live screen checks for what it missed (<body data-catch-up-every>, core/realtime/catch_up.py);
      0 on a page without the attribute. */
  const catchUpEveryMs = () => (Number(document.body.dataset.catchUpEvery) * 1000) || 0;

  /** One room's sequence. */
  class Sequence {
    constructor() {
      this.value = null; // unknown until a snapshot or the first sequenced event
    }

    /** Where the room stands (from a snapshot); null forgets it. */
    reset(value = null) {
      this.value = typeof value === "number" ? value : null;
    }

    /** "apply" (the next one, or no sequence to compare), "old" (already seen) or "gap" (something missed). */
    check(payload) {
      const seq = payload && payload.seq;
      if (typeof seq !== "number") return "apply";
      if (this.value === null) { this.value = seq; return "apply"; }
      if (seq <= this.value) return "old";
      if (seq === this.value + 1) { this.value = seq; return "apply"; }
      return "gap"; // the value stays: only the snapshot that resync brings moves it past the hole
    }
  }

  /** «Hay una versión nueva de esta página» (no product name: customers know only COMTECO): the page's scripts
      are the old release's; the person reloads when it suits them. */
  function offerReload() {
    if (document.querySelector(".release-notice")) return;
    const notice = document.createElement("div");
    notice.className = "release-notice";
    notice.setAttribute("role", "status");
    const text = document.createElement("p");
    text.textContent = "Hay una versión nueva de esta página. Recárguela cuando pueda.";
    const reload = document.createElement("button");
    reload.type = "button";
    reload.className = "primary";
    reload.textContent = "Recargar ahora";
    reload.addEventListener("click", () => window.location.reload());
    const later = document.createElement("button");
    later.type = "button";
    later.textContent = "Más tarde";
    later.addEventListener("click", () => notice.remove());
    notice.append(text, reload, later);
    document.body.append(notice);
  }

  /** The server closed this page's access (a device revoked or its token rotated, a user disabled, a password
      reset, a sign-out elsewhere): say so over the whole screen, so nobody reads stale numbers or presses buttons
      that can no longer work. It read «Sin conexión · reconectando…» forever. */
  function accessEnded() {
    if (document.querySelector(".access-ended")) return;
    const cover = document.createElement("div");
    cover.className = "access-ended";
    cover.setAttribute("role", "alertdialog");
    cover.setAttribute("aria-modal", "true");
    const box = document.createElement("div");
    const title = document.createElement("h2");
    title.textContent = "Esta pantalla ya no tiene acceso";
    const text = document.createElement("p");
    text.textContent = "El administrador desactivó este equipo o este usuario, cambió su clave o sus roles, o se cerró la sesión. " +
      "Vuelva a identificarse o avise al administrador.";
    const again = document.createElement("button");
    again.type = "button";
    again.className = "primary";
    again.textContent = "Volver a identificarse";
    again.addEventListener("click", () => window.location.reload());
    box.append(title, text, again);
    cover.append(box);
    document.body.append(cover);
    again.focus();
  }

  function connect({ auth, root = document.getElementById("main"), onStatus, resync, resyncOnConnect = true,
                     catchUp = null, offlineGraceMs = OFFLINE_GRACE_MS, onRelease = offerReload } = {}) {
    const sequences = new Map();
    const sequence = (room = DEFAULT_ROOM) => {
      if (!sequences.has(room)) sequences.set(room, new Sequence());
      return sequences.get(room);
    };
    const askResync = (reason, room) => { if (resync) resync({ reason, room }); };

    let online = null;
    const mark = (yes) => {
      if (root) root.dataset.connected = yes ? "1" : "0";
      if (yes === online) return;
      online = yes;
      if (onStatus) onStatus(yes);
    };
    if (root) root.dataset.connected = "0";

    const channel = {
      socket: null,
      sequence,
      get connected() { return Boolean(channel.socket && channel.socket.connected); },
      on(name, handler) {
        if (channel.socket) channel.socket.on(name, handler);
        return channel;
      },
      onSequenced(name, handler, { room = DEFAULT_ROOM } = {}) {
        return channel.on(name, (payload) => {
          const order = sequence(room).check(payload);
          if (order === "old") return;
          if (order === "gap") askResync("gap", room);
          handler(payload, order);
        });
      },
      synced(value, room = DEFAULT_ROOM) {
        sequence(room).reset(value);
        return channel;
      },
      emit(...args) {
        if (channel.socket) channel.socket.emit(...args);
        return channel;
      },
      /** The server says the room stands at `roomSeq`: still behind it a moment later, something was lost (or, on a
          page that has seen no sequenced event yet, may have been). The resync reads a state at least that new, so
          the room stands there from now on: the next event applies, and a page whose resync brings no `seq` (a
          fetch of its own state) is not left behind a hole for good. */
      catchUpTo(roomSeq, room = DEFAULT_ROOM) {
        if (!Number.isInteger(roomSeq)) return channel;
        setTimeout(() => {
          const seen = sequence(room).value;
          if (seen !== null && seen >= roomSeq) return;
          sequence(room).reset(roomSeq);
          askResync("behind", room);
        }, CATCH_UP_AFTER_MS);
        return channel;
      },
    };

    if (typeof window.io !== "function") {
      // static/vendor is missing (`make vendor` not run): the screen still works, without live updates.
      console.warn("Socket.IO no está disponible: la pantalla no se actualizará en vivo.");
      mark(false);
      return channel;
    }

    const socket = window.io({ transports: ["websocket"], reconnectionDelayMax: 5000, ...(auth ? { auth } : {}) });
    channel.socket = socket;
    socket.onAny((_name, payload) => {
      if (payload && typeof payload.server_time === "string") Turnero.time?.sync(payload.server_time);
    });
    socket.on("connect", () => {
      mark(true);
      if (resyncOnConnect) askResync("connect", null); // catch up on whatever happened while away
    });
    socket.on("disconnect", (reason) => {
      mark(false);
      // The server closed it on purpose (access ended: core/realtime/sessions.py), and socket.io does not come
      // back by itself then: ask once more, and a refusal (`ended`) says why.
      if (reason === "io server disconnect") setTimeout(() => socket.connect(), REFUSED_RETRY_MS);
    });
    socket.on("release", (release) => { // after a deploy, a page of the old release keeps running its old scripts
      const mine = document.body.dataset.release;
      if (mine && release && release.version && release.version !== mine) onRelease(release.version);
    });
    socket.on("connect_error", (err) => {
      mark(false);
      // The server refused but asks to come back (its database is down: web/sockets.py). socket.io never retries
      // a refusal by itself (`socket.active` is false), so the screen would stay «sin conexión» until reloaded.
      if (!socket.active && err && err.data && err.data.retry) setTimeout(() => socket.connect(), REFUSED_RETRY_MS);
      if (err && err.data && err.data.ended) accessEnded();
    });
    setTimeout(() => { if (!socket.connected) mark(false); }, offlineGraceMs);
    const everyMs = catchUpEveryMs();
    if (catchUp && everyMs > 0) { // a page without the attribute must not ask in a tight loop
      setInterval(() => {
        if (socket.connected) socket.emit(catchUp, {}, (answer) => channel.catchUpTo(answer && answer.seq));
      }, everyMs);
    }
    return channel;
  }

  Turnero.live = { connect, Sequence, catchUpEveryMs };
})();
