// Staff entry of an application: ask the question 条例第三十一条 needs for the channel.
(function () {
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("entry-form");
    if (!form) return;
    var rules = {};
    (form.getAttribute("data-questions") || "").split(";").forEach(function (item) {
      var eq = item.indexOf("=");
      if (eq < 0) return;
      var parts = item.slice(eq + 1).split("|");
      rules[item.slice(0, eq)] = { question: parts[0], confirm: parts[1] === "confirm" };
    });
    var channel = document.getElementById("id_channel");
    var arrived = document.querySelector("label[for=id_arrived_on]");
    var confirmed = document.getElementById("id_confirmed_on");
    if (!channel || !arrived || !confirmed) return;
    var confirmBox = confirmed.closest(".field");
    var sync = function () {
      var rule = rules[channel.value];
      if (!rule) return;
      arrived.textContent = rule.question;
      if (confirmBox) confirmBox.hidden = !rule.confirm;
    };
    channel.addEventListener("change", sync);
    sync();
  });
})();
