// Large-text mode for older readers: remembered in localStorage, no cookies.
(function () {
  var root = document.documentElement;
  try { if (localStorage.getItem("gongkai-large") === "1") root.classList.add("large-text"); } catch (e) {}
  document.addEventListener("DOMContentLoaded", function () {
    var btn = document.getElementById("toggle-large-text");
    if (!btn) return;
    var sync = function () { btn.setAttribute("aria-pressed", root.classList.contains("large-text") ? "true" : "false"); };
    sync();
    btn.addEventListener("click", function () {
      root.classList.toggle("large-text");
      try { localStorage.setItem("gongkai-large", root.classList.contains("large-text") ? "1" : "0"); } catch (e) {}
      sync();
    });
  });
})();
