// Django's admin, after its own scripts: the help icons its "filter_horizontal" widget
// draws carry an aria-label on a plain span, which WCAG forbids (axe:
// aria-prohibited-attr); giving them the role of an image makes the label valid.
window.addEventListener("load", function () {
  document.querySelectorAll(".help-tooltip[aria-label]:not([role])").forEach(function (icon) {
    icon.setAttribute("role", "img");
  });
});
