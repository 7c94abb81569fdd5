// Scanning on the packing screen: an optional sound after each scan (a high beep
// for a book added, a low buzz for an error), switched on with the "Sound"
// checkbox and remembered in this browser. Field clearing and focus need no script.
(function () {
  "use strict";
  const KEY = "depot-scan-sound";
  let audio = null;

  function toggle() {
    return document.getElementById("scan-sound");
  }

  function beep(frequency, seconds) {
    audio = audio || new AudioContext();
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.frequency.value = frequency;
    oscillator.type = frequency < 300 ? "square" : "sine";
    gain.gain.value = 0.15;
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start();
    oscillator.stop(audio.currentTime + seconds);
  }

  function setUp() {
    const box = toggle();
    if (!box) return;
    box.closest(".scan-sound").hidden = false;
    box.checked = localStorage.getItem(KEY) === "on";
    box.addEventListener("change", () => localStorage.setItem(KEY, box.checked ? "on" : "off"));
  }

  document.addEventListener("htmx:afterSwap", (event) => {
    setUp();
    if (localStorage.getItem(KEY) !== "on" || !event.detail.target) return;
    if (event.detail.target.querySelector(".scan-error")) beep(180, 0.35);
    else if (event.detail.target.querySelector(".scan-ok")) beep(880, 0.12);
  });
  setUp();
})();
