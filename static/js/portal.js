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
}());
