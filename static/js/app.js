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

// What is being typed is also kept in this browser (localStorage) until the page shows it saved:
// if the server is down when Gem is pressed (an error page, a lost connection), opening the page
// again offers the text back. It works beside the server-side autosave: when the page comes back
// with the same text (saved, or restored from the autosaved draft), the browser's copy is dropped.
(function () {
  var storage;
  try {
    storage = window.localStorage;
    storage.setItem("redegorelse:probe", "1");
    storage.removeItem("redegorelse:probe");
  } catch (error) {
    return; // private mode or storage switched off: the server-side autosave still works
  }
  var PREFIX = "redegorelse:tekst:";
  var MAX_AGE = 30 * 24 * 3600 * 1000;
  var english = document.documentElement.lang === "en";
  var TEXT = english
    ? {
        heading: "You have text that was not saved",
        body: "Your browser kept what you wrote on this page (%s), but it was not saved in the report.",
        restore: "Insert the text again",
        discard: "Discard it",
      }
    : {
        heading: "Du har tekst, der ikke blev gemt",
        body: "Din browser har gemt det, du skrev på denne side (%s), men det blev ikke gemt i redegørelsen.",
        restore: "Sæt teksten ind igen",
        discard: "Kassér den",
      };

  function keptFields(form) {
    return Array.prototype.filter.call(form.elements, function (field) {
      return (
        field.name &&
        !field.disabled &&
        (field.tagName === "TEXTAREA" || (field.tagName === "INPUT" && field.type === "text"))
      );
    });
  }

  function keyFor(form) {
    return PREFIX + window.location.pathname + "|" + (form.getAttribute("action") || "");
  }

  function watchedForms() {
    return Array.prototype.filter.call(document.querySelectorAll("form"), function (form) {
      return (form.method || "").toLowerCase() === "post" && form.querySelector("textarea");
    });
  }

  function read(key) {
    try {
      return JSON.parse(storage.getItem(key));
    } catch (error) {
      return null;
    }
  }

  function keep(form) {
    var fields = {};
    var changed = false;
    keptFields(form).forEach(function (field) {
      fields[field.name] = field.value;
      if (field.value !== field.defaultValue) {
        changed = true;
      }
    });
    try {
      if (changed) {
        storage.setItem(keyFor(form), JSON.stringify({ saved: Date.now(), fields: fields }));
      } else {
        storage.removeItem(keyFor(form));
      }
    } catch (error) {
      // storage full: nothing more to do; the server-side autosave still runs
    }
  }

  function offer(form, kept, differing) {
    var when = new Date(kept.saved);
    var stamp =
      ("0" + when.getDate()).slice(-2) + "." + ("0" + (when.getMonth() + 1)).slice(-2) + "." + when.getFullYear() +
      " " + ("0" + when.getHours()).slice(-2) + ":" + ("0" + when.getMinutes()).slice(-2);
    var box = document.createElement("div");
    box.className = "alert alert-warning js-kept-text";
    box.setAttribute("role", "status");
    var body = document.createElement("div");
    body.className = "alert-body";
    var heading = document.createElement("p");
    heading.className = "alert-heading";
    heading.textContent = TEXT.heading;
    var text = document.createElement("p");
    text.className = "alert-text";
    text.textContent = TEXT.body.replace("%s", stamp);
    var restore = document.createElement("button");
    restore.type = "button";
    restore.className = "button button-primary";
    restore.textContent = TEXT.restore;
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "button button-secondary";
    discard.textContent = TEXT.discard;
    body.appendChild(heading);
    body.appendChild(text);
    body.appendChild(restore);
    body.appendChild(document.createTextNode(" "));
    body.appendChild(discard);
    box.appendChild(body);
    form.parentNode.insertBefore(box, form);
    restore.addEventListener("click", function () {
      differing.forEach(function (field) {
        field.value = kept.fields[field.name];
        field.dispatchEvent(new Event("input", { bubbles: true })); // marks the form unsaved, autosaves
      });
      box.remove();
      if (differing[0]) {
        differing[0].focus();
      }
    });
    discard.addEventListener("click", function () {
      storage.removeItem(keyFor(form));
      box.remove();
      form.querySelector("textarea").focus();
    });
  }

  // Old copies go after a month; an unreadable one at once.
  Object.keys(storage).forEach(function (key) {
    if (key.indexOf(PREFIX) === 0) {
      var kept = read(key);
      if (!kept || !kept.fields || Date.now() - kept.saved > MAX_AGE) {
        storage.removeItem(key);
      }
    }
  });

  watchedForms().forEach(function (form) {
    var kept = read(keyFor(form));
    if (kept && kept.fields) {
      var differing = keptFields(form).filter(function (field) {
        return Object.prototype.hasOwnProperty.call(kept.fields, field.name) && kept.fields[field.name] !== field.value;
      });
      if (differing.length) {
        offer(form, kept, differing);
      } else {
        storage.removeItem(keyFor(form)); // the page shows what was kept: it was saved
      }
    }
    var pending = null;
    form.addEventListener("input", function () {
      window.clearTimeout(pending);
      pending = window.setTimeout(function () {
        keep(form);
      }, 400);
    });
    // The moment of pressing Gem is the one that matters if the server is down.
    form.addEventListener("submit", function () {
      window.clearTimeout(pending);
      keep(form);
    });
  });
})();

// Signing out on a shared PC leaves none of the kept text behind.
document.addEventListener("submit", function (event) {
  if (event.target.matches && event.target.matches("form.header-logout")) {
    try {
      Object.keys(window.localStorage).forEach(function (key) {
        if (key.indexOf("redegorelse:tekst:") === 0) {
          window.localStorage.removeItem(key);
        }
      });
    } catch (error) {
      // nothing kept
    }
  }
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
