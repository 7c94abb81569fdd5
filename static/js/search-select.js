// Search-as-you-type pickers (Tom Select) for the text fields rendered by
// toolkit.search_select.SearchSelect. Without JavaScript the field stays a plain
// text field in which an id, a name or an e-mail address can be typed.
(function () {
  "use strict";

  function enhance(input) {
    if (input.tomselect || typeof TomSelect === "undefined") {
      return;
    }
    var url = input.dataset.searchUrl;
    var multiple = input.dataset.searchMultiple === "1";
    var options = [];
    if (multiple && input.dataset.searchLabels) {
      options = JSON.parse(input.dataset.searchLabels);
      input.value = options.map(function (option) { return option.id; }).join(",");
    } else if (!multiple && input.value && input.dataset.searchLabel) {
      options.push({ id: input.value, text: input.dataset.searchLabel });
    } else {
      // A typed text (no picker before) cannot be kept as a choice.
      input.value = "";
    }
    var picker = new TomSelect(input, {
      maxItems: multiple ? null : 1,
      delimiter: ",",
      plugins: multiple ? ["remove_button"] : [],
      valueField: "id",
      labelField: "text",
      searchField: [],
      options: options,
      create: false,
      persist: false,
      loadThrottle: 250,
      placeholder: input.dataset.searchPlaceholder,
      shouldLoad: function (query) {
        return query.length >= 2 || /^\d+$/.test(query);
      },
      load: function (query, callback) {
        var self = this;
        self.clearOptions();
        fetch(url + "?q=" + encodeURIComponent(query), {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        })
          .then(function (response) {
            return response.json();
          })
          .then(function (data) {
            callback(data.results);
          })
          .catch(function () {
            callback();
          });
      },
      render: {
        no_results: function () {
          var div = document.createElement("div");
          div.className = "no-results";
          div.textContent = input.dataset.searchNoResults;
          return div;
        },
      },
    });
    // The label now names the picker's own text box; the original field only carries
    // the value, so screen readers and the tab order skip it.
    picker.input.setAttribute("aria-hidden", "true");
    picker.input.tabIndex = -1;
  }

  function enhanceAll(root) {
    (root || document).querySelectorAll("input[data-search-url]").forEach(enhance);
  }

  document.addEventListener("DOMContentLoaded", function () {
    enhanceAll(document);
  });
  document.addEventListener("htmx:load", function (event) {
    enhanceAll(event.detail.elt);
  });
})();
