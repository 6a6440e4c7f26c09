// Citations: hovering shows the cited source sentence as a tooltip, a click pins it under the citation.
// Everything from the server is inserted with textContent, never as HTML.
"use strict";

(function () {
  const cache = new Map();

  function spanUrl(btn) {
    const q = new URLSearchParams({ start: btn.dataset.start, end: btn.dataset.end });
    return "/api/articles/" + encodeURIComponent(btn.dataset.article) + "/span?" + q.toString();
  }

  function articleUrl(btn) {
    const q = new URLSearchParams({ start: btn.dataset.start, end: btn.dataset.end });
    return "/articles/" + encodeURIComponent(btn.dataset.article) + "?" + q.toString() + "#cited";
  }

  async function fetchSpan(btn) {
    const url = spanUrl(btn);
    if (!cache.has(url)) {
      cache.set(url, fetch(url, { headers: { Accept: "application/json" } }).then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      }));
    }
    return cache.get(url);
  }

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function render(pop, btn, data) {
    pop.replaceChildren();
    const head = el("p", "cite-head");
    head.append(el("strong", null, data.outlet || "unknown outlet"));
    if (data.published) head.append(document.createTextNode(" · " + data.published));
    if (data.title) head.append(document.createTextNode(" · " + data.title));
    const body = el("p", "cite-sentence");
    const s = data.sentence;
    const from = Math.max(0, data.start - s.start);
    const to = Math.min(s.text.length, data.end - s.start);
    body.append(document.createTextNode(s.text.slice(0, from)));
    body.append(el("mark", null, s.text.slice(from, to)));
    body.append(document.createTextNode(s.text.slice(to)));
    const link = el("a", "cite-open", "Open in the article");
    link.href = articleUrl(btn);
    pop.append(head, body, link);
  }

  function close(btn) {
    const pop = btn.nextElementSibling;
    if (pop && pop.classList.contains("cite-pop")) pop.remove();
    btn.setAttribute("aria-expanded", "false");
  }

  async function toggle(btn) {
    if (btn.getAttribute("aria-expanded") === "true") {
      close(btn);
      return;
    }
    const pop = el("div", "cite-pop", "Loading the source…");
    pop.setAttribute("role", "note");
    btn.after(pop);
    btn.setAttribute("aria-expanded", "true");
    try {
      render(pop, btn, await fetchSpan(btn));
    } catch (err) {
      pop.textContent = "Could not load the source (" + err.message + ").";
    }
  }

  document.addEventListener("click", function (event) {
    const btn = event.target.closest("button.cite");
    if (btn) {
      event.preventDefault();
      toggle(btn);
    }
  });

  // Hover: the source sentence becomes the citation's tooltip (fetched once, set as plain text).
  document.addEventListener("mouseover", function (event) {
    const btn = event.target.closest("button.cite");
    if (!btn || btn.dataset.previewed) return;
    btn.dataset.previewed = "1";
    fetchSpan(btn).then(function (data) {
      btn.title = (data.outlet || "unknown outlet") + ": " + data.sentence.text + "\n(click to pin)";
    }).catch(function () { delete btn.dataset.previewed; });
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      document.querySelectorAll('button.cite[aria-expanded="true"]').forEach(close);
    }
  });
})();
