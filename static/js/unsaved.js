// Asks before leaving a page whose reflection or RTL box holds text that was not saved.
// An extra: without JavaScript, "Tandai selesai" still sends and saves the typed text.
(function () {
  "use strict";
  var forms = document.querySelectorAll("form[data-unsaved]");
  if (!forms.length) return;
  var dirty = [];

  function mark(event) {
    if (dirty.indexOf(event.currentTarget) < 0) dirty.push(event.currentTarget);
  }

  for (var i = 0; i < forms.length; i++) {
    forms[i].addEventListener("input", mark);
    forms[i].addEventListener("change", mark);
  }
  // Sending a text form saves its text ("Tandai selesai" sends the text form too); sending
  // another form (a knowledge check) leaves the page with the text unsaved, so it still asks.
  document.addEventListener("submit", function (event) {
    dirty = dirty.filter(function (form) { return form !== event.target; });
  }, true);
  window.addEventListener("beforeunload", function (event) {
    if (!dirty.length) return;
    event.preventDefault();
    event.returnValue = "";
  });
})();
