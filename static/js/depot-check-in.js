// Check-in of returned books: a live count of scanned / due / still missing while
// scanning, announced by the status region. The page works without it.
(function () {
  "use strict";
  const form = document.getElementById("check-in-form");
  if (!form) return;
  const field = form.querySelector("textarea[name=returned]");
  const output = document.getElementById("check-in-count");
  const template = document.getElementById("check-in-count-text");
  const rows = Array.from(form.querySelectorAll("tr[data-barcode]"));
  const due = new Set(rows.map((row) => row.dataset.barcode));

  function update() {
    const scanned = new Set(field.value.split(/\s+/).filter((code) => due.has(code)));
    form.querySelectorAll("input[name=damaged]:checked").forEach((box) => scanned.add(box.value));
    rows.forEach((row) => row.classList.toggle("table-success", scanned.has(row.dataset.barcode)));
    output.textContent = template.innerHTML
      .replace("{scanned}", scanned.size)
      .replace("{due}", due.size)
      .replace("{missing}", due.size - scanned.size);
    output.hidden = false;
  }

  field.addEventListener("input", update);
  form.addEventListener("change", update);
  update();
})();
