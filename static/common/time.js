/* Turnero.time: clocks, dates and durations in the business time zone, and the server's clock.

   The zone comes from <html data-tz> (config BUSINESS_TZ, set by templates/base.html): nothing here names a
   zone. A TV or PC whose own clock is wrong still shows the right time: every payload that carries the
   server's `server_time` (live.js and api.js pass them on) corrects `now()`. */
(() => {
  "use strict";
  const Turnero = (window.Turnero = window.Turnero || {});

  const LOCALE = "es-BO";
  const zone = document.documentElement.dataset.tz || undefined;

  let offsetMs = 0; // server clock − this device's clock
  let precise = false; // true once a `server_time` set the offset (the HTTP Date header only has seconds)

  let zoneKnown = true;
  function formatter(options) {
    if (zoneKnown) {
      try {
        return new Intl.DateTimeFormat(LOCALE, { timeZone: zone, ...options });
      } catch (_e) {
        // An unknown zone name: the device's own zone is the best there is (better than no clock at all).
        console.warn(`Zona horaria desconocida: ${zone}`);
        zoneKnown = false;
      }
    }
    return new Intl.DateTimeFormat(LOCALE, options);
  }

  const formats = {
    clock: formatter({ hour: "2-digit", minute: "2-digit", hourCycle: "h23" }),
    clockSeconds: formatter({ hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" }),
    date: formatter({ day: "2-digit", month: "2-digit", year: "numeric" }),
    longDate: formatter({ weekday: "long", day: "numeric", month: "long" }),
    dateTime: formatter({ day: "numeric", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit",
      second: "2-digit", hourCycle: "h23" }),
  };

  /* A Date from a Date, an ISO string or epoch milliseconds; null when there is nothing (or nonsense). */
  function toDate(value) {
    if (value === null || value === undefined || value === "") return null;
    const date = value instanceof Date ? value : new Date(value);
    return Number.isNaN(date.getTime()) ? null : date;
  }

  /* Fixed-shape output from the parts, whatever separators the browser's locale data uses. */
  function parts(format, value) {
    const out = {};
    format.formatToParts(value).forEach(({ type, value: part }) => { out[type] = part; });
    return out;
  }

  const pad = (n) => String(n).padStart(2, "0");

  const time = {
    zone,

    /** "09:05" */
    clock(value) {
      const date = toDate(value);
      if (!date) return "";
      const p = parts(formats.clock, date);
      return `${p.hour}:${p.minute}`;
    },

    /** "09:05:07" */
    clockSeconds(value) {
      const date = toDate(value);
      if (!date) return "";
      const p = parts(formats.clockSeconds, date);
      return `${p.hour}:${p.minute}:${p.second}`;
    },

    /** "23/11/2026" */
    date(value) {
      const date = toDate(value);
      if (!date) return "";
      const p = parts(formats.date, date);
      return `${p.day}/${p.month}/${p.year}`;
    },

    /** "lunes, 23 de noviembre" */
    longDate(value) {
      const date = toDate(value);
      return date ? formats.longDate.format(date) : "";
    },

    /** "23/11/2026 09:05:07" (the server's `datetime("d/MM/y HH:mm:ss")`); "—" when there is no time. */
    dateTime(value) {
      const date = toDate(value);
      if (!date) return "—";
      const p = parts(formats.dateTime, date);
      return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}:${p.second}`;
    },

    /** Seconds as "m:ss", or "h:mm:ss" from one hour on; never negative. */
    duration(seconds) {
      const total = Math.max(0, Math.floor(seconds || 0));
      const h = Math.floor(total / 3600);
      const m = Math.floor((total % 3600) / 60);
      return h ? `${h}:${pad(m)}:${pad(total % 60)}` : `${m}:${pad(total % 60)}`;
    },

    /** Seconds from an ISO time until the server's now (negative if it is in the future; NaN if no time). */
    secondsSince(value) {
      const date = toDate(value);
      return date ? (time.now() - date.getTime()) / 1000 : NaN;
    },

    /** The server's now, in epoch milliseconds. */
    now() {
      return Date.now() + offsetMs;
    },

    /** Correct the clock from a server timestamp (an ISO string such as a payload's `server_time`). */
    sync(serverTime) {
      const at = Date.parse(serverTime);
      if (Number.isNaN(at)) return false;
      offsetMs = at - Date.now();
      precise = true;
      return true;
    },

    /* Hook for answers that carry no `server_time`: the HTTP Date header (whole seconds, so it is used only
       until a precise `server_time` arrives). api.js calls it on every answer. */
    syncFromHttpDate(header) {
      if (precise || !header) return false;
      const at = Date.parse(header);
      if (Number.isNaN(at)) return false;
      offsetMs = at + 500 - Date.now(); // the header drops the milliseconds: assume the middle of the second
      return true;
    },

    /** Milliseconds the server's clock is ahead of this device's. */
    offsetMs() {
      return offsetMs;
    },
  };

  Turnero.time = time;
})();
