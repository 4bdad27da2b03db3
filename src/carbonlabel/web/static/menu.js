/* The phone menu: under ~700 px the header's menu folds behind its button (app.css, only
   once this script has run: without scripts the menu stays open and wraps). Loaded right
   after the header, so the page never shows the unfolded menu first. */
(function () {
  "use strict";
  var button = document.querySelector(".menu-button");
  var menu = button && document.getElementById(button.getAttribute("aria-controls"));
  if (!menu) { return; }
  document.documentElement.classList.add("menu-folds");

  function show(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    menu.classList.toggle("open", open);
  }
  button.addEventListener("click", function () {
    show(button.getAttribute("aria-expanded") !== "true");
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      show(false);
      button.focus();
    }
  });
}());
