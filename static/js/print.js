// Enhancement only: without JavaScript the button stays hidden and the browser's own print menu works.
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
