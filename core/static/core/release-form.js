// The change form of a content written in any language (newsroom.admin.NewsReleaseForm):
// - the language tabs (django-modeltranslation's) open on the "Original language", on load,
//   after an error and after a save, and follow that choice when it changes; a tab holding an
//   error stays in front when the original's has none;
// - the slug follows the original title while it is empty or still made from that title;
// - a field with a length limit counts as the person types and says when the text is too
//   long (the browser's maxlength, which cuts a paste silently, is not used; the server
//   refuses a text too long, never shortens it).
// The form works without this script: the server fills an empty slug and checks lengths.
(function () {
  "use strict";

  var ERROR_TAB = "ui-tab-has-errors";

  function tabLanguage(anchor) {
    return anchor.textContent.trim().replace("-", "_");
  }

  function showLanguage(language) {
    document.querySelectorAll(".ui-tabs").forEach(function (group) {
      var anchors = Array.prototype.slice.call(group.querySelectorAll(".ui-tabs-nav a"));
      var original = anchors.filter(function (a) { return tabLanguage(a) === language; })[0];
      if (!original) { return; }
      var withError = anchors.filter(function (a) {
        return a.parentNode.classList.contains(ERROR_TAB);
      })[0];
      var chosen = withError && !original.parentNode.classList.contains(ERROR_TAB)
        ? withError : original;
      chosen.click();
    });
    var mainSwitch = document.getElementById("modeltranslation-main-switch");
    if (mainSwitch) {
      Array.prototype.forEach.call(mainSwitch.options, function (option) {
        if (option.textContent.trim().replace("-", "_") === language) {
          mainSwitch.value = option.value;
        }
      });
    }
  }

  function followOriginalTitle(choice) {
    var slug = document.getElementById("id_slug");
    if (!slug || !window.URLify) { return; }
    var limit = parseInt(slug.dataset.maxLength || "50", 10);

    function title() {
      return document.getElementById("id_title_" + choice.value);
    }
    function fromTitle() {
      var field = title();
      return field ? window.URLify(field.value, limit, false) : "";
    }
    // Ours to fill: an empty slug, or one made from the title before (a form back with errors).
    var made = slug.value === "" || slug.value === fromTitle() ? slug.value : null;
    function update() {
      if (made === null || !title()) { return; }
      made = fromTitle();
      slug.value = made;
    }
    document.addEventListener("input", function (event) {
      if (event.target === title()) { update(); }
    });
    choice.addEventListener("change", update);
    slug.addEventListener("input", function () {
      made = slug.value === "" ? "" : null;  // Typed by hand: left alone.
    });
  }

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_all, name) { return values[name]; });
  }

  function countCharacters(field) {
    var limit = parseInt(field.dataset.maxLength, 10);
    var counter = document.createElement("div");
    counter.className = "help character-count";
    counter.setAttribute("aria-live", "polite");
    if (field.id) { counter.id = field.id + "_count"; }
    field.insertAdjacentElement("afterend", counter);
    var described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);

    function update() {
      var count = field.value.length;
      var over = count - limit;
      counter.classList.toggle("errornote", over > 0);
      counter.textContent = format(
        over > 0 ? field.dataset.overText : field.dataset.countText,
        { count: count, limit: limit, over: over }
      );
    }
    field.addEventListener("input", update);
    update();
  }

  function start() {
    var choice = document.getElementById("id_original_language");
    if (choice) {
      showLanguage(choice.value);
      choice.addEventListener("change", function () { showLanguage(choice.value); });
      followOriginalTitle(choice);
    }
    document.querySelectorAll("[data-max-length]").forEach(countCharacters);
  }

  // After modeltranslation's ready handler has made the tabs: jQuery runs its ready handlers
  // in order, and this file comes after modeltranslation's.
  if (window.jQuery) {
    window.jQuery(start);
  } else {
    document.addEventListener("DOMContentLoaded", start);
  }
})();
