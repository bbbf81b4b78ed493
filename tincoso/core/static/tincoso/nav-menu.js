/* The navigation folds into a menu on narrow screens and stays open on wide ones.
   The menu is served open, so that without this script every link still shows. */
(function () {
  "use strict";
  var narrow = window.matchMedia("(max-width: 767.98px)");
  function sync() {
    document.querySelectorAll("details.nav-menu").forEach(function (menu) {
      menu.open = !narrow.matches;
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", sync);
  } else {
    sync();
  }
  narrow.addEventListener("change", sync);
})();
