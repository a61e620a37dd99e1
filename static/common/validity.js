/* Spanish messages for the browser's own form checks (required, min/max, type, pattern…): the browser words them
   in its own language («Please fill out this field.» on a PC set to English). On `invalid` a field gets a Spanish
   message (setCustomValidity); on input it is cleared, so the browser checks the new value afresh. A message a
   page set for its own reasons is left alone: only the ones set here are replaced or cleared. */
(() => {
  "use strict";
  const ours = new WeakSet();
  const numbers = new Intl.NumberFormat("es-BO", { maximumFractionDigits: 6 });
  const DATES = new Set(["date", "datetime-local", "month", "week", "time"]);

  function shown(field, value) {
    if (field.type === "number" || field.type === "range") {
      const number = Number(value);
      return Number.isFinite(number) ? numbers.format(number) : value;
    }
    return value.replace("T", " ");
  }

  // The hint a pattern's field carries (its title, or the help text it points to), said after the refusal.
  function hint(field) {
    if (field.title) return ` ${field.title}`;
    const ids = (field.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    const help = ids.map((id) => document.getElementById(id)).find((node) => node && node.textContent.trim());
    return help ? ` ${help.textContent.trim()}` : "";
  }

  function missing(field) {
    if (field.type === "checkbox") return "Marque esta casilla para continuar.";
    if (field.type === "radio") return "Elija una de las opciones.";
    if (field.type === "file") return "Elija un archivo.";
    if (field.tagName === "SELECT") return "Elija una opción de la lista.";
    if (DATES.has(field.type)) return field.type === "time" ? "Escriba una hora completa." : "Elija una fecha.";
    return "Complete este campo.";
  }

  function message(field) {
    const v = field.validity;
    const dated = DATES.has(field.type);
    if (v.valueMissing) return missing(field);
    if (v.badInput) {
      if (field.type === "number") return "Escriba solo un número.";
      return dated ? "Complete la fecha o la hora." : "El valor no es válido.";
    }
    if (v.typeMismatch) {
      if (field.type === "email") return "Escriba un correo electrónico válido (ej.: nombre@comteco.com.bo).";
      if (field.type === "url") return "Escriba una dirección web completa (ej.: https://www.comteco.com.bo).";
      return "El valor no es válido.";
    }
    if (v.rangeUnderflow) {
      const low = shown(field, field.min);
      return dated ? `Debe ser ${low} o posterior.` : `Escriba un número igual o mayor que ${low}.`;
    }
    if (v.rangeOverflow) {
      const high = shown(field, field.max);
      return dated ? `Debe ser ${high} o anterior.` : `Escriba un número igual o menor que ${high}.`;
    }
    if (v.stepMismatch) {
      const step = field.step && field.step !== "any" ? Number(field.step) : 1;
      if (field.type === "number" && step === 1) return "Escriba un número entero, sin decimales.";
      return `El valor debe ir de ${shown(field, String(step))} en ${shown(field, String(step))}.`;
    }
    if (v.tooLong) return `Use como máximo ${field.maxLength} caracteres (ahora tiene ${field.value.length}).`;
    if (v.tooShort) return `Escriba al menos ${field.minLength} caracteres (ahora tiene ${field.value.length}).`;
    if (v.patternMismatch) return `El formato no es válido.${hint(field)}`;
    return "";
  }

  document.addEventListener("invalid", (event) => {
    const field = event.target;
    if (!field || typeof field.setCustomValidity !== "function") return;
    if (field.validity.customError && !ours.has(field)) return; // the page's own message
    field.setCustomValidity("");
    const text = message(field);
    if (!text) return;
    field.setCustomValidity(text);
    ours.add(field);
  }, true);

  function clear(event) {
    const field = event.target;
    if (!field || !ours.has(field)) return;
    ours.delete(field);
    field.setCustomValidity("");
    // A radio group is one answer: choosing any of them answers the others too.
    if (field.type === "radio" && field.form && field.name) {
      const group = field.form.elements.namedItem(field.name);
      for (const radio of group instanceof RadioNodeList ? group : []) {
        if (ours.has(radio)) { ours.delete(radio); radio.setCustomValidity(""); }
      }
    }
  }
  document.addEventListener("input", clear, true);
  document.addEventListener("change", clear, true);

  // A value a script set (a keypad, a list filled afresh) fires no `input`: before each check, forget the
  // messages set here, so the browser judges the value the field holds now and `invalid` words it again.
  function forget(scope) {
    const fields = scope instanceof HTMLFormElement ? Array.from(scope.elements) : [scope];
    for (const field of fields) {
      if (ours.has(field)) { ours.delete(field); field.setCustomValidity(""); }
    }
  }
  document.addEventListener("click", (event) => {
    const button = event.target instanceof Element && event.target.closest("button, input[type=submit]");
    if (button && button.type === "submit" && button.form) forget(button.form);
  }, true);
  for (const kind of [HTMLFormElement, HTMLInputElement, HTMLSelectElement, HTMLTextAreaElement]) {
    for (const name of ["checkValidity", "reportValidity", "requestSubmit"]) {
      const original = kind.prototype[name];
      if (typeof original !== "function") continue;
      kind.prototype[name] = function checkedAfresh(...args) {
        forget(this);
        return original.apply(this, args);
      };
    }
  }
})();
