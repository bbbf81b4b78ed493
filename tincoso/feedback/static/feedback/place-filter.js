/* Type-ahead for the "where you live" chooser on /gop-y/: typing narrows the select to
   the places whose name (or their commune's) has a word beginning with each word typed,
   diacritics and đ/Đ ignored, and picks the first of them. Without this script the
   select works alone. */
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐ]/g, "d").toLowerCase();
  }
  function start() {
    var box = document.getElementById("place-filter");
    var select = document.getElementById("id_place");
    if (!box || !select) return;
    box.parentElement.hidden = false;
    var options = Array.prototype.filter.call(select.options, function (o) { return o.value; });
    var names = options.map(function (o) {
      var group = o.parentElement.tagName === "OPTGROUP" ? o.parentElement.label : "";
      return fold(o.textContent + " " + group).split(/\s+/);
    });
    function has(words, typed) {  // each word typed begins a word of the name
      return typed.every(function (t) {
        return words.some(function (w) { return w.indexOf(t) === 0; });
      });
    }
    box.addEventListener("input", function () {
      var words = fold(box.value).split(/\s+/).filter(Boolean);
      var first = null;
      options.forEach(function (option, i) {
        var hit = has(names[i], words);
        option.hidden = !hit;
        if (hit && !first) first = option;
      });
      Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (g) {
        g.hidden = !g.querySelector("option:not([hidden])");
      });
      var chosen = select.options[select.selectedIndex];
      if (words.length && first && (!chosen || !chosen.value || chosen.hidden)) {
        select.value = first.value;
      }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
