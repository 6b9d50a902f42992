// Public portal: the print button of the document page (hidden without JavaScript).
(function () {
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("print-page");
    if (!button) return;
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
