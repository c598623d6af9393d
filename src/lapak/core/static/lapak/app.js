// Lapak: progressive enhancement only; every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Toasts fade after a while; they stay in the DOM for screen readers until then.
  document.querySelectorAll(".toast").forEach((toast) => {
    setTimeout(() => toast.remove(), 8000);
  });
});
