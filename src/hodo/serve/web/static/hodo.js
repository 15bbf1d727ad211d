// hodo's pages work without this script; it adds what plain links and forms cannot:
// - a document's claim shown beside its text while its highlight is hovered or focused;
// - the day picker (and other selects marked data-autosubmit) submitting when changed;
// - keys: "/" to search, "[" and "]" for the day before and after, Escape to close the panel.
// It builds nodes only by cloning the page's own markup and setting text, never from HTML strings,
// so it runs under the pages' Trusted Types policy.
"use strict";

(() => {
  const typing = (element) =>
    element instanceof HTMLElement &&
    (element.isContentEditable || ["INPUT", "SELECT", "TEXTAREA"].includes(element.tagName));

  document.addEventListener("change", (event) => {
    const field = event.target;
    if (field instanceof HTMLElement && field.matches("[data-autosubmit]") && field.form) {
      field.form.requestSubmit();
    }
  });

  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
    if (event.key === "/") {
      const search = document.getElementById("search-text") || document.getElementById("site-search");
      if (search) {
        event.preventDefault();
        search.focus();
      }
    } else if (event.key === "[" || event.key === "]") {
      const step = document.querySelector(event.key === "[" ? "a[rel=prev]" : "a[rel=next]");
      if (step) step.click();
    }
  });

  const panel = document.getElementById("claim-panel");
  if (!panel) return;
  const hint = panel.querySelector(".panel-hint");
  panel.hidden = false;
  let active = null;

  const show = (mark) => {
    if (mark === active) return;
    if (active) active.classList.remove("active");
    active = mark;
    mark.classList.add("active");
    const cards = (mark.dataset.claims || "")
      .split(" ")
      .map((id) => document.getElementById("card-" + id))
      .filter(Boolean)
      .map((card) => {
        const copy = card.cloneNode(true);
        copy.removeAttribute("id");
        copy.querySelectorAll("[id]").forEach((node) => node.removeAttribute("id"));
        copy.classList.add("in-panel");
        return copy;
      });
    panel.replaceChildren(...cards);
  };

  const hide = () => {
    if (active) active.classList.remove("active");
    active = null;
    panel.replaceChildren(...(hint ? [hint] : []));
  };

  const markOf = (event) =>
    event.target instanceof Element ? event.target.closest(".claim-mark") : null;

  document.addEventListener("mouseover", (event) => {
    const mark = markOf(event);
    if (mark) show(mark);
  });
  document.addEventListener("focusin", (event) => {
    const mark = markOf(event);
    if (mark) show(mark);
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && active) {
      const mark = active;
      hide();
      mark.focus();
    }
  });

  // Opened at a claim (the claim's page redirects here with #claim-ID): show that claim.
  const target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
  let mark = target;
  while (mark && !mark.classList.contains("claim-mark")) mark = mark.nextElementSibling;
  if (mark) show(mark);
})();
