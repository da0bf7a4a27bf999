// The map: an offline basemap (Natural Earth countries of the world at 1:50m, with the covered
// countries and their admin-1 regions at 1:10m, and GeoNames town labels) and one circle marker
// per incident, sized by fatalities and coloured by event type; overlapping markers cluster.
import { t } from "./i18n.js";
import { fatalitiesText, dateText, fmtInt, placeText } from "./format.js";
import { esc, markerRadius, typeColor } from "./util.js";

// Towns labelled at each zoom: population at least this (capitals from zoom 4).
const LABEL_MIN_POP = [[3, 8e6], [4, 3e6], [5, 1e6], [6, 4e5], [99, 0]];
const MAX_LABELS = 160;

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
    this.attribution = "";
    this.setAttribution();
    this.map.setView([25, 35], 3);
    this.basemapRenderer = L.canvas({ padding: 0.2 });
    this.map.createPane("labels");
    this.map.getPane("labels").style.zIndex = 450;
    this.map.getPane("labels").style.pointerEvents = "none";
    this.labels = L.layerGroup().addTo(this.map);
    this.places = [];
    this.map.on("zoomend moveend", () => this.drawLabels());
    this.markers = L.markerClusterGroup({
      maxClusterRadius: 28,
      disableClusteringAtZoom: 9,
      showCoverageOnHover: false,
      spiderfyOnMaxZoom: true,
      chunkedLoading: true,
      iconCreateFunction: (cluster) => this.clusterIcon(cluster),
    }).addTo(this.map);
    this.byId = new Map();
    this.selected = null;
    this.coveredBounds = null;
  }

  setAttribution() {
    if (this.attribution) this.map.attributionControl.removeAttribution(this.attribution);
    this.attribution = esc(t("map.attribution"));
    this.map.attributionControl.addAttribution(this.attribution);
  }

  // A cluster: a grey disc with the number of incidents and their deaths in its tooltip.
  clusterIcon(cluster) {
    const children = cluster.getAllChildMarkers();
    const deaths = children.reduce((sum, m) => sum + (m.options.fatalities || 0), 0);
    const n = children.length;
    const size = Math.round(Math.min(46, 22 + 4 * Math.log2(n)));
    return L.divIcon({
      html: `<span title="${esc(t("map.cluster", { n, deaths: fmtInt(deaths) }))}">${n}</span>`,
      className: "incident-cluster",
      iconSize: [size, size],
    });
  }

  // The world at 1:50m under the detailed basemap (world-atlas TopoJSON, object "countries").
  drawWorld(topo) {
    const world = window.topojson.feature(topo, topo.objects.countries);
    L.geoJSON(world, {
      renderer: this.basemapRenderer,
      interactive: false,
      style: { color: "#b4bbc2", weight: 0.5, fillColor: "#ebe9e4", fillOpacity: 1 },
    }).addTo(this.map);
  }

  // Town labels from places.json ({fields, places: [[name, lat, lon, population, cc, capital]]}).
  setPlaces(data) {
    this.places = (data.places || []).map(([name, lat, lon, pop, cc, capital]) => ({ name, lat, lon, pop, cc, capital }));
    this.drawLabels();
  }

  drawLabels() {
    if (!this.places.length) return;
    const zoom = this.map.getZoom();
    const minPop = LABEL_MIN_POP.find(([z]) => zoom < z)[1];
    const bounds = this.map.getBounds().pad(0.05);
    this.labels.clearLayers();
    let shown = 0;
    const taken = [];  // label boxes already placed, in pixels: a less populous town yields
    for (const p of this.places) {  // most populous first
      if (shown >= MAX_LABELS) break;
      if (p.pop < minPop && !(p.capital && zoom >= 4)) continue;
      if (!bounds.contains([p.lat, p.lon])) continue;
      const pt = this.map.latLngToContainerPoint([p.lat, p.lon]);
      const box = { x0: pt.x - 4, x1: pt.x + 10 + 6.2 * p.name.length, y0: pt.y - 9, y1: pt.y + 9 };
      if (taken.some((b) => box.x0 < b.x1 && b.x0 < box.x1 && box.y0 < b.y1 && b.y0 < box.y1)) continue;
      taken.push(box);
      L.marker([p.lat, p.lon], {
        pane: "labels",
        interactive: false,
        keyboard: false,
        icon: L.divIcon({
          className: `place-label${p.capital ? " capital" : ""}`,
          html: `<span class="pin"></span>${esc(p.name)}`,
          iconSize: null,
          iconAnchor: [3, 7],
        }),
      }).addTo(this.labels);
      shown += 1;
    }
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
    const layers = [];
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
        fatalities: inc.fatalities_best || 0,
      });
      marker.bindTooltip(
        `<strong>${esc(inc.sub_event_type || inc.event_type)}</strong><br>${esc(placeText(inc))}` +
          `<br>${esc(dateText(inc))} · ${esc(t("map.deaths"))} ${esc(fatalitiesText(inc))}`,
        { direction: "top", offset: [0, -4] },
      );
      marker.on("click", () => this.onSelect(inc.id));
      layers.push(marker);
      this.byId.set(inc.id, marker);
      bounds.push([inc.lat, inc.lon]);
    }
    this.markers.addLayers(layers);
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
      if (m._map) {
        m.bringToFront();
        if (reveal) this.reveal(m.getLatLng(), reveal);
      } else {
        // Inside a cluster: zoom until it stands alone, then bring it forward.
        this.markers.zoomToShowLayer(m, () => {
          if (this.selected !== id) return;
          m.bringToFront();
          if (reveal) this.reveal(m.getLatLng(), reveal);
        });
      }
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
