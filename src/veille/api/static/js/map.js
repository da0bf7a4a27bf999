// The map: an offline basemap (Natural Earth countries and admin-1 regions shipped as TopoJSON)
// and one circle marker per incident, sized by fatalities and coloured by event type.
import { esc, fatalitiesText, dateText, markerRadius, placeText, typeColor } from "./util.js";

const L = window.L;

export class IncidentMap {
  constructor(element, { onSelect }) {
    this.onSelect = onSelect;
    this.map = L.map(element, {
      preferCanvas: false,
      worldCopyJump: false,
      minZoom: 2,
      maxZoom: 12,
      zoomSnap: 0.5,
      attributionControl: true,
    });
    this.map.attributionControl.setPrefix(false);
    this.map.attributionControl.addAttribution("Limites : Natural Earth (domaine public)");
    this.map.setView([25, 35], 3);
    this.basemapRenderer = L.canvas({ padding: 0.2 });
    this.markers = L.layerGroup().addTo(this.map);
    this.byId = new Map();
    this.selected = null;
    this.coveredBounds = null;
  }

  // Draw the basemap from a TopoJSON topology with objects "countries" and "admin1".
  drawBasemap(topo) {
    const topojson = window.topojson;
    const countries = topojson.feature(topo, topo.objects.countries);
    const admin1 = topojson.feature(topo, topo.objects.admin1);
    L.geoJSON(countries, {
      renderer: this.basemapRenderer,
      interactive: false,
      style: (f) => ({
        color: "#9aa3ab",
        weight: f.properties.covered ? 1.1 : 0.6,
        fillColor: f.properties.covered ? "#f3efe4" : "#ebe9e4",
        fillOpacity: 1,
      }),
    }).addTo(this.map);
    L.geoJSON(admin1, {
      renderer: this.basemapRenderer,
      interactive: false,
      style: { color: "#c4bba8", weight: 0.5, fill: false },
    }).addTo(this.map);
    // Country outlines again on top of the admin-1 lines, so borders stay visible.
    L.geoJSON(countries, {
      renderer: this.basemapRenderer,
      interactive: false,
      filter: (f) => f.properties.covered,
      style: { color: "#7d868f", weight: 1.1, fill: false },
    }).addTo(this.map);
    const covered = L.geoJSON({
      type: "FeatureCollection",
      features: countries.features.filter((f) => f.properties.covered),
    });
    this.coveredBounds = covered.getBounds();
    this.map.fitBounds(this.coveredBounds, { padding: [10, 10], animate: false });
    return {
      countries: countries.features.filter((f) => f.properties.covered).map((f) => f.properties),
      admin1: admin1.features.map((f) => f.properties),
    };
  }

  // Replace the markers by these incidents; fit the view to them unless keepView.
  setIncidents(incidents, { keepView = false } = {}) {
    this.markers.clearLayers();
    this.byId.clear();
    const bounds = [];
    // Large circles first so small ones stay clickable on top.
    const sorted = [...incidents].sort((a, b) => (b.fatalities_best || 0) - (a.fatalities_best || 0));
    for (const inc of sorted) {
      if (inc.lat === null || inc.lon === null || inc.lat === undefined) continue;
      const contested = inc.grade === "contested" || inc.disputed_attribution;
      const marker = L.circleMarker([inc.lat, inc.lon], {
        radius: markerRadius(inc.fatalities_best),
        color: contested ? "#111" : inc.disputed_figures ? "#b3261e" : "#333",
        weight: contested || inc.disputed_figures ? 2 : 0.8,
        dashArray: contested ? "4 3" : null,
        fillColor: typeColor(inc.event_type),
        fillOpacity: 0.78,
        className: `incident-marker incident-${inc.id}${contested ? " contested" : ""}`,
      });
      marker.bindTooltip(
        `<strong>${esc(inc.sub_event_type || inc.event_type)}</strong><br>${esc(placeText(inc))}` +
          `<br>${esc(dateText(inc))} · morts : ${esc(fatalitiesText(inc))}`,
        { direction: "top", offset: [0, -4] },
      );
      marker.on("click", () => this.onSelect(inc.id));
      marker.addTo(this.markers);
      this.byId.set(inc.id, marker);
      bounds.push([inc.lat, inc.lon]);
    }
    if (!keepView) {
      if (bounds.length) this.map.fitBounds(bounds, { padding: [30, 30], maxZoom: 7, animate: false });
      else if (this.coveredBounds) this.map.fitBounds(this.coveredBounds, { padding: [10, 10], animate: false });
    }
    return bounds.length;
  }

  // Outline the incident's marker; with reveal (pixels hidden on the right), pan it into view.
  highlight(id, reveal = 0) {
    if (this.selected) {
      const prev = this.byId.get(this.selected);
      if (prev) prev.setStyle({ weight: prev.options._baseWeight ?? prev.options.weight });
    }
    this.selected = id;
    const m = this.byId.get(id);
    if (m) {
      m.options._baseWeight = m.options._baseWeight ?? m.options.weight;
      m.setStyle({ weight: 4 });
      m.bringToFront();
      if (reveal) this.reveal(m.getLatLng(), reveal);
    }
  }

  // Pan so that latlng is not hidden under an overlay of `covered` pixels on the map's right.
  reveal(latlng, covered) {
    const width = this.map.getSize().x;
    if (width - covered < 250) return;
    this.map.panInside(latlng, { paddingTopLeft: [30, 30], paddingBottomRight: [covered + 80, 30], animate: false });
  }

  // The visible area as min_lon,min_lat,max_lon,max_lat (clamped to valid ranges).
  bbox() {
    const b = this.map.getBounds();
    const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
    return [
      clamp(b.getWest(), -180, 180), clamp(b.getSouth(), -90, 90),
      clamp(b.getEast(), -180, 180), clamp(b.getNorth(), -90, 90),
    ].map((v) => v.toFixed(4)).join(",");
  }
}
