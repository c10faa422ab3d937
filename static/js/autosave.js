// Autosave for the pre-test and post-test form: an extra, the page works without it.
// Posts the answers (action=save) every 20 seconds when they changed, and when the tab is hidden.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) return;
  var note = form.querySelector("[data-autosave-note]");
  // Not form.action: the buttons named "action" shadow that property.
  var url = form.getAttribute("action");
  var dirty = false;
  var busy = false;

  function save(keepalive) {
    if (!dirty || busy) return;
    var data = new FormData(form);
    data.set("action", "save");
    dirty = false;
    busy = true;
    fetch(url, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Autosave": "1" },
      keepalive: keepalive === true
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) throw new Error(body.error || "");
        if (note) note.textContent = body.message;
      });
    }).catch(function (error) {
      dirty = true; // try again at the next tick
      if (note && error.message) note.textContent = error.message;
    }).then(function () { busy = false; });
  }

  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("change", function () { dirty = true; });
  form.addEventListener("submit", function () { dirty = false; });
  window.setInterval(save, 20000);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") save(true);
  });
})();
