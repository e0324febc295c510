/* Swagger UI on /api/docs/ renders a parameter's list of choices (<select>) without
   an accessible name (WCAG 4.1.2; axe select-name): name it after its parameter. */
"use strict";
(() => {
  const root = document.getElementById("swagger-ui");
  const nameChoices = () => {
    for (const choice of root.querySelectorAll("tr[data-param-name] select:not([aria-label])")) {
      choice.setAttribute("aria-label", choice.closest("tr[data-param-name]").dataset.paramName);
    }
  };
  new MutationObserver(nameChoices).observe(root, { childList: true, subtree: true });
})();
