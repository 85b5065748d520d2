// Runs once per page; kept in a static file so the Content-Security-Policy can forbid inline scripts.
document.documentElement.classList.remove("no-js");
document.documentElement.classList.add("js");
if (window.DKFDS && typeof window.DKFDS.init === "function") {
  window.DKFDS.init();
}
