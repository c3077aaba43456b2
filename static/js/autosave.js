// Saves a reflection form a moment after the user stops typing, so nothing typed is lost
// if the tab closes. The form still works with a plain Save button when scripts are off.
(function () {
  "use strict";
  var DELAY_MS = 1500;

  function autosave(form) {
    var status = form.querySelector(".autosave-status");
    var timer = null;
    var inFlight = false;
    var pending = false;

    function show(text) {
      if (status) { status.textContent = text; }
    }

    function save() {
      if (inFlight) { pending = true; return; }
      inFlight = true;
      show("Saving…");
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { "Accept": "application/json" },
        credentials: "same-origin"
      }).then(function (response) {
        return response.json().then(function (data) {
          var errors = Object.keys(data.errors || {});
          if (errors.length) {
            show("Saved, except sections that are too long.");
          } else {
            var now = new Date();
            show("Saved at " + now.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) + ".");
          }
        });
      }).catch(function () {
        show("Not saved yet: check your connection, then press Save.");
      }).then(function () {
        inFlight = false;
        if (pending) { pending = false; save(); }
      });
    }

    form.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(save, DELAY_MS);
    });
  }

  document.querySelectorAll("form[data-autosave]").forEach(autosave);
})();
