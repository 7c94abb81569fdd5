// The error summary (templates/includes/error_summary.html): move the keyboard to it
// when the page loads, and let each of its links put the cursor in its field (a plain
// in-page link only scrolls), with the field's label in view.
(function () {
  "use strict";

  function fieldLabel(field) {
    if (field.id) {
      const label = document.querySelector('label[for="' + CSS.escape(field.id) + '"]');
      if (label) return label;
    }
    return field.closest("fieldset") || field;
  }

  function start() {
    const summary = document.querySelector("[data-error-summary]");
    if (!summary) return;
    summary.focus();
    summary.addEventListener("click", function (event) {
      const link = event.target.closest("a[data-error-link]");
      if (!link) return;
      const field = document.getElementById(link.getAttribute("href").slice(1));
      if (!field) return;
      event.preventDefault();
      fieldLabel(field).scrollIntoView();
      field.focus({ preventScroll: true });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
