// Offer only the chosen organisation's people as visitors (the service checks it too).
(function () {
  var form = document.getElementById('visit-schedule-form');
  if (!form) return;
  var organisation = form.querySelector('[name="organisation"]');
  var selects = form.querySelectorAll('[name="lead_visitor"], [name="visitors"]');
  function update() {
    var chosen = organisation.value;
    selects.forEach(function (select) {
      Array.prototype.forEach.call(select.options, function (option) {
        var org = option.getAttribute('data-organisation');
        if (!org) return;
        var other = chosen && org !== chosen;
        option.hidden = other;
        option.disabled = other;
        if (other) option.selected = false;
      });
    });
  }
  organisation.addEventListener('change', update);
  update();
})();
