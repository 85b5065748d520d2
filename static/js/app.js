// Runs once per page; kept in a static file so the Content-Security-Policy can forbid inline scripts.
document.documentElement.classList.remove("no-js");
document.documentElement.classList.add("js");
if (window.DKFDS && typeof window.DKFDS.init === "function") {
  window.DKFDS.init();
}

// Warn before leaving a form with changes that were not saved. Autosave keeps a draft, but the
// report itself only changes when the user presses Gem.
(function () {
  var dirty = false;
  // Autosave only when something was typed since the last one: an idle page must not keep the
  // session alive for ever.
  var typedSinceAutosave = false;
  document.addEventListener("input", function (event) {
    if (event.target.closest && event.target.closest("form[data-warn-unsaved]")) {
      dirty = true;
      typedSinceAutosave = true;
    }
  });
  document.addEventListener("htmx:confirm", function (event) {
    if (event.target.matches && event.target.matches("form[data-warn-unsaved]")) {
      if (!typedSinceAutosave) {
        event.preventDefault();
        return;
      }
      typedSinceAutosave = false;
    }
  });
  document.addEventListener("submit", function (event) {
    if (event.target.matches && event.target.matches("form[data-warn-unsaved]")) {
      dirty = false;
    }
  });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();

// An initiative marked for removal folds away; unticking the box brings it back.
document.addEventListener("change", function (event) {
  var box = event.target;
  if (!box.classList || !box.classList.contains("js-delete-initiative")) {
    return;
  }
  var fieldset = box.closest("fieldset");
  fieldset.classList.toggle("is-marked-for-removal", box.checked);
});

// ---- ux: a table that scrolls sideways in its own box can be reached and scrolled with the keyboard.
(function () {
  function labelScrollingTables() {
    var boxes = document.querySelectorAll(".table--responsive-scroll");
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      if (box.scrollWidth > box.clientWidth + 1) {
        var caption = box.querySelector("caption");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        if (caption && !box.hasAttribute("aria-label")) {
          box.setAttribute("aria-label", caption.textContent.trim());
        }
      } else if (box.getAttribute("role") === "region") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
      }
    }
  }
  labelScrollingTables();
  window.addEventListener("resize", labelScrollingTables);
  document.addEventListener("htmx:afterSettle", labelScrollingTables);
})();
