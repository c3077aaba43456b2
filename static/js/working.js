// A form marked data-working says it is working once sent (a restore can take a while),
// and cannot be sent twice by an impatient second click.
(function () {
  "use strict";
  document.querySelectorAll("form[data-working]").forEach(function (form) {
    form.addEventListener("submit", function () {
      var button = form.querySelector("button[type=submit]");
      if (button) {
        button.disabled = true;
        button.textContent = form.getAttribute("data-working");
      }
      form.setAttribute("aria-busy", "true");
    });
  });
})();
