// Enhancements only: every page works without this file.
(function () {
  // Print buttons stay hidden without JavaScript; the browser's own print menu works then.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  // After a form comes back with errors, move focus to the list of errors so a screen reader reads it first.
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }

  // "Leave quickly": the link works on its own; with JavaScript, Escape three times does the same,
  // and the page is replaced in the history so the back button does not lead here.
  var exit = document.querySelector("[data-quick-exit]");
  if (exit) {
    var leave = function (event) {
      if (event) { event.preventDefault(); }
      document.body.hidden = true;
      window.location.replace(exit.href);
    };
    exit.addEventListener("click", leave);
    var presses = [];
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") { return; }
      var now = Date.now();
      presses = presses.filter(function (time) { return now - time < 1500; });
      presses.push(now);
      if (presses.length >= 3) { leave(); }
    });
  }

  // "Read aloud" with the browser's own speech; hidden where the browser has none. Nothing leaves the device.
  var reader = document.querySelector("[data-read-aloud]");
  if (reader && "speechSynthesis" in window && window.speechSynthesis.getVoices) {
    reader.hidden = false;
    reader.addEventListener("click", function () {
      if (window.speechSynthesis.speaking) { window.speechSynthesis.cancel(); return; }
      var main = document.getElementById("inhoud");
      var utterance = new SpeechSynthesisUtterance(main.innerText);
      utterance.lang = document.documentElement.lang;
      window.speechSynthesis.speak(utterance);
    });
  }
}());
