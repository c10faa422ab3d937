// Move focus to the error summary so screen readers announce it (GOV.UK's error summary does
// the same); without JavaScript the form's #error-summary action scrolls there instead.
// A summary link focuses its field rather than only scrolling, so typing can start at once.
(function () {
  var summary = document.getElementById("error-summary");
  if (!summary) return;
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    var target = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!target) return;
    event.preventDefault();
    target.focus();
    var legend = target.closest("fieldset") && target.closest("fieldset").querySelector("legend");
    (legend || target).scrollIntoView();
  });
})();
