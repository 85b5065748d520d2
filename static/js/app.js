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

// ---- ux: the decision form follows the chosen outcome. The phrase in "Beslutningstekst" changes
// with it (unless the secretary wrote a text of their own), and only the fields that belong to the
// outcome are shown; the others are disabled, so what they hold is kept on the page but not sent.
(function () {
  var form = document.querySelector("form.decision-form");
  var phrasesScript = document.getElementById("outcome-phrases");
  if (!form || !phrasesScript) {
    return;
  }
  var phrases = JSON.parse(phrasesScript.textContent);
  var text = form.querySelector("textarea[name=decision_text]");
  var known = Object.keys(phrases).map(function (key) {
    return phrases[key];
  });

  function chosenOutcome() {
    var checked = form.querySelector("input[name=outcome]:checked");
    return checked ? checked.value : "";
  }

  function followOutcome() {
    var outcome = chosenOutcome();
    if (text && outcome && phrases[outcome] && (text.value.trim() === "" || known.indexOf(text.value.trim()) !== -1)) {
      text.value = phrases[outcome];
    }
    var groups = form.querySelectorAll(".outcome-group[data-show-for]");
    for (var i = 0; i < groups.length; i++) {
      var group = groups[i];
      // A group with an error message stays visible, so the message is never hidden.
      var show = group.getAttribute("data-show-for") === outcome || group.querySelector(".form-error") !== null;
      group.hidden = !show;
      var fields = group.querySelectorAll("input, textarea, select");
      for (var j = 0; j < fields.length; j++) {
        fields[j].disabled = !show;
      }
    }
  }

  form.addEventListener("change", function (event) {
    if (event.target.name === "outcome") {
      followOutcome();
    }
  });
  followOutcome();
})();

// ---- ux: after "Tilføj indsats" inserts a new form, the empty-state text goes and focus moves
// to the new indsats, so keyboard and screen-reader users land where they can type.
document.addEventListener("htmx:afterSwap", function (event) {
  var target = event.detail && event.detail.target;
  if (!target || target.id !== "initiatives") {
    return;
  }
  var empty = document.getElementById("no-initiatives");
  if (empty) {
    empty.remove();
  }
  var fieldsets = target.querySelectorAll("fieldset.initiative-fieldset");
  var added = fieldsets[fieldsets.length - 1];
  if (!added) {
    return;
  }
  var first = added.querySelector("input:not([type=hidden]), textarea, select");
  if (first) {
    first.focus();
  }
});
