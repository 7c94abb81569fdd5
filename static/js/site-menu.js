// The header on phones (static/css/app.css, "site-menu"): the language, the account and
// the main menu fold behind one "Menu" button. Loaded in <head> so the page is marked
// as scripted before it is drawn (no flash of the open menu); without JavaScript the
// button stays hidden and everything is shown.
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  function start() {
    const header = document.querySelector("[data-site-header]");
    const toggle = header && header.querySelector("[data-site-menu-toggle]");
    if (!toggle) return;
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      const open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      header.classList.toggle("site-menu-open", open);
    });
    header.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && header.classList.contains("site-menu-open")) {
        toggle.setAttribute("aria-expanded", "false");
        header.classList.remove("site-menu-open");
        toggle.focus();
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
