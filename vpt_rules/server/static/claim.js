// The claim table's totals per party while typing (the page works without it: saving computes them).
(function () {
  "use strict";
  var out = document.getElementById("live-totaal");
  if (!out) { return; }
  var lang = document.documentElement.lang || "nl";
  var euro = new Intl.NumberFormat(lang === "en" ? "en-GB" : "nl-NL", { style: "currency", currency: "EUR" });
  function amount(input) {
    var text = (input && input.value || "").trim().replace(/\s/g, "");
    text = text.replace(",", ".");  // as the server reads it: 120,50 and 120.50 are the same
    var value = Number(text);
    return text && isFinite(value) ? value : 0;
  }
  function update() {
    var sums = { employee: 0, employer: 0 };
    for (var i = 0; ; i++) {
      var party = document.getElementById("item-" + i + "-party");
      if (!party) { break; }
      var net = amount(document.getElementById("item-" + i + "-amount")) - amount(document.getElementById("item-" + i + "-reimbursed"));
      if (party.value in sums) { sums[party.value] += net; }
    }
    out.textContent = out.dataset.entered + ": " + out.dataset.employee + " " + euro.format(sums.employee) +
      ", " + out.dataset.employer + " " + euro.format(sums.employer) + ".";
  }
  document.addEventListener("input", update);
  document.addEventListener("change", update);
  update();
}());
