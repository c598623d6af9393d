// Lapak: progressive enhancement only; every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Toasts fade after a while; they stay in the DOM for screen readers until then.
  document.querySelectorAll(".toast").forEach((toast) => {
    setTimeout(() => toast.remove(), 8000);
  });

  // "Use my location" fills the map point of an address form, where the phone can tell it.
  const geoButton = document.querySelector("[data-geo-fill]");
  if (geoButton && "geolocation" in navigator) {
    geoButton.hidden = false;
    geoButton.addEventListener("click", () => {
      navigator.geolocation.getCurrentPosition((position) => {
        document.querySelector("[data-geo=latitude]").value = position.coords.latitude.toFixed(6);
        document.querySelector("[data-geo=longitude]").value = position.coords.longitude.toFixed(6);
      });
    });
  }
});
