/* The kiosk's long lists (trámites, topics, the directory) in pages that fit the screen above the Atrás/Inicio
   bar, with «◂ Anteriores», «Página 2 de 3 · 17 opciones» and «Más opciones ▸»: a touchscreen does not scroll.
   screens.js calls `paginate(list, page)` when a screen shows, kiosk.js when a page button is tapped or a search
   filters. */
(() => {
  "use strict";
  const texts = document.querySelector("[data-texts]").dataset;
  const screensBox = document.querySelector(".k-screens");

  function pagerFor(list) {
    let pager = list.nextElementSibling;
    if (pager && pager.classList.contains("k-pager")) return pager;
    pager = document.createElement("div");
    pager.className = "k-pager";
    const prev = Object.assign(document.createElement("button"), { type: "button", className: "k-action k-action-secondary",
      textContent: `◂ ${texts.pagePrev}` });
    prev.dataset.page = "prev";
    const label = Object.assign(document.createElement("p"), { className: "k-pager-label" });
    label.setAttribute("aria-live", "polite");
    const next = Object.assign(document.createElement("button"), { type: "button", className: "k-action",
      textContent: `${texts.pageNext} ▸` });
    next.dataset.page = "next";
    pager.append(prev, label, next);
    list.after(pager);
    return pager;
  }

  /* Splits the list's visible items into pages that end above the bottom of the screen area (the Atrás/Inicio
     bar is below it), and shows page `index` with «Página 2 de 3 · 17 opciones» and the buttons to move. */
  function paginate(list, index) {
    const items = Array.from(list.children).filter((el) => el.matches("button") && !el.hidden);
    const pager = pagerFor(list);
    items.forEach((el) => el.classList.remove("k-off-page"));
    pager.hidden = true;
    list.dataset.pages = "1";
    if (list.closest("[data-screen]").hidden || items.length === 0) return;
    const bottom = screensBox.getBoundingClientRect().bottom;  // the Atrás/Inicio bar begins there
    if (items[items.length - 1].getBoundingClientRect().bottom <= bottom) return;
    pager.hidden = false;
    const limit = bottom - pager.getBoundingClientRect().height - parseFloat(getComputedStyle(pager).marginTop);
    const pages = [];
    let start = 0;
    while (start < items.length) {
      items.forEach((el, i) => el.classList.toggle("k-off-page", i < start));
      let end = items.length;
      while (end - start > 1 && items[end - 1].getBoundingClientRect().bottom > limit) {
        end -= 1;
        items[end].classList.add("k-off-page");
      }
      pages.push([start, end]);
      start = end;
    }
    const page = Math.max(0, Math.min(index, pages.length - 1));
    items.forEach((el, i) => el.classList.toggle("k-off-page", i < pages[page][0] || i >= pages[page][1]));
    list.dataset.page = String(page);
    list.dataset.pages = String(pages.length);
    pager.querySelector('[data-page="prev"]').hidden = page === 0;
    pager.querySelector('[data-page="next"]').hidden = page === pages.length - 1;
    pager.querySelector(".k-pager-label").textContent =
      `${texts.page} ${page + 1} ${texts.pageOf} ${pages.length} · ${items.length} ${texts.options}`;
  }

  window.Turnero.kioskPager = { paginate };
})();
