/* The navigation folds into a menu on narrow screens and stays open on wide ones.
   The menu is served open, so that without this script every link still shows.
   On a phone, Escape or a tap outside the open menu closes it. */
(function () {
  "use strict";
  var narrow = window.matchMedia("(max-width: 767.98px)");
  function menus() {
    return Array.prototype.slice.call(document.querySelectorAll("details.nav-menu"));
  }
  function sync() {
    menus().forEach(function (menu) { menu.open = !narrow.matches; });
  }
  function close(event) {
    if (!narrow.matches) return;
    menus().forEach(function (menu) {
      if (!menu.open) return;
      if (event.type === "keydown" && event.key === "Escape") {
        menu.open = false;
        menu.querySelector("summary").focus();
      } else if (event.type === "click" && !menu.contains(event.target)) {
        menu.open = false;
      }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", sync);
  } else {
    sync();
  }
  narrow.addEventListener("change", sync);
  document.addEventListener("keydown", close);
  document.addEventListener("click", close);
})();
