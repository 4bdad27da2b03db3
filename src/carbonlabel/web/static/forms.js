/* The browser's own "Please fill out this field." speaks the browser's language, not the
   page's: a required field left empty says so in the page's words instead (the messages come
   translated on this script's data attributes, from base.html). */
(function () {
  "use strict";
  var words = document.currentScript && document.currentScript.dataset;
  if (!words) { return; }

  function message(field) {
    if (!field.validity || !field.validity.valueMissing) { return ""; }
    if (field.type === "checkbox") { return words.tick; }
    if (field.tagName === "SELECT" || field.type === "radio" || field.type === "file") {
      return words.choose;
    }
    return words.fill;
  }
  document.addEventListener("invalid", function (event) {
    var field = event.target;
    field.setCustomValidity("");
    var said = message(field);
    if (said) { field.setCustomValidity(said); }
  }, true);
  function clear(event) {
    if (event.target.setCustomValidity) { event.target.setCustomValidity(""); }
  }
  document.addEventListener("input", clear, true);
  document.addEventListener("change", clear, true);
}());
