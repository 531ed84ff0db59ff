import "leaflet/dist/leaflet.css";
import "leaflet.markercluster/dist/MarkerCluster.css";
import "leaflet.markercluster/dist/MarkerCluster.Default.css";
import L from "leaflet";
import "leaflet.markercluster";
import * as api from "../api";
import { card, fmtDate, h, table, textContent } from "../dom";
import { whenAttached } from "../chart/linkchart";

type Row = Record<string, any>;
const LINE_COLOURS = ["#d7263d", "#7b2cbf", "#1b6ca8", "#c05621", "#2a9d8f", "#8d6e63"];

interface Timed {
  at: number;
  layer: L.Layer;
}

/** A flagged (trap or cuckooed) address: a DOM marker in its own pane above everything,
 * never inside a cluster. */
function flaggedMarker(a: Row): L.Marker {
  const what = `${a.address} ${a.postcode || ""}${a.cuckooed ? " — cuckooed" : ""}${a.trap_line ? " — trap house of " + a.trap_line : ""}`;
  const icon = L.divIcon({ className: "flagged-marker", html: `<span class="visually-hidden"></span>`, iconSize: [18, 18] });
  const marker = L.marker([a.lat, a.lon], { icon, pane: "flagged", title: what, keyboard: true, riseOnHover: true });
  marker.on("add", () => {
    const el = marker.getElement();
    if (el) {
      el.setAttribute("aria-label", what);
      el.querySelector(".visually-hidden")!.textContent = what;
    }
  });
  marker.bindTooltip(textContent(what)).on("click", () => (location.hash = `#/address/${encodeURIComponent(a.address)}`));
  return marker;
}

// Works offline: without a force tile server the map is points on a blank canvas.
export async function mapPage(_parts: string[], params: URLSearchParams): Promise<HTMLElement> {
  const number = params.get("number") || "";
  const vrm = params.get("vrm") || "";
  const [layers, config] = await Promise.all([api.get<Row>("/map"), api.get<Row>("/config")]);
  const track: Row | null = number ? await api.get<Row>("/map/movement", { number }) : vrm ? await api.get<Row>("/map/vehicle", { vrm }) : null;
  const points: Row[] = track ? track.points || track.reads || [] : [];
  const el = h("div", { class: "map", id: "map" });
  const input = h("input", { id: "map-number", value: number, placeholder: "Phone number to trace", "aria-label": "Phone number to trace" });
  const form = h(
    "form",
    { class: "row", on: { submit: (e: Event) => { e.preventDefault(); location.hash = `#/map?number=${encodeURIComponent(input.value.trim())}`; } } },
    input,
    h("button", { type: "submit", class: "primary" }, "Show movement"),
  );
  const toggles = h("fieldset", { class: "chips map-layers", id: "map-layers" }, h("legend", null, "Layers"));
  const slider = h("input", { type: "range", id: "map-time", min: "0", max: "1000", value: "1000", "aria-label": "Show what happened up to" });
  const timeLabel = h("span", { class: "muted", id: "map-time-label" }, "all dates");
  const controls = h("div", { class: "row map-controls" }, toggles, h("label", { class: "map-slider" }, "Up to ", slider), timeLabel);

  whenAttached(el, () => {
    const map = L.map(el, { preferCanvas: true, attributionControl: Boolean(config.tile_url), zoomSnap: 0.25, minZoom: 3, maxZoom: 18 });
    map.createPane("flagged").style.zIndex = "650"; // above markers (600) and clusters
    if (config.tile_url) L.tileLayer(config.tile_url, { maxZoom: 19 }).addTo(map);
    const bounds: L.LatLngExpression[] = [];
    const timed: Timed[] = [];
    const groups: Record<string, L.LayerGroup> = {};

    const cells = L.layerGroup();
    for (const c of layers.cells) {
      L.circleMarker([c.lat, c.lon], { radius: 4, color: "#5c7c99", weight: 1, fillOpacity: 0.5 }).bindTooltip(textContent(c.cell_id, c.site_name, c.area)).addTo(cells);
      bounds.push([c.lat, c.lon]);
    }
    groups["Cell sites"] = cells;

    // ordinary addresses cluster; flagged ones never do
    const clustered = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40 });
    const flagged = L.layerGroup();
    for (const a of layers.addresses) {
      if (a.cuckooed || a.trap_line) flaggedMarker(a).addTo(flagged);
      else
        clustered.addLayer(
          L.circleMarker([a.lat, a.lon], { radius: 5, color: "#4a7c59", weight: 2, fillOpacity: 0.7 })
            .bindTooltip(textContent(`${a.address} ${a.postcode || ""}`))
            .on("click", () => (location.hash = `#/address/${encodeURIComponent(a.address)}`)),
        );
      bounds.push([a.lat, a.lon]);
    }
    groups["Addresses"] = clustered;
    groups["Trap and cuckooed addresses"] = flagged;

    // line numbers' movement: one path per number, drawn up to the slider's time
    const movement = L.layerGroup();
    (layers.lines || []).forEach((t: Row, i: number) => {
      const colour = LINE_COLOURS[i % LINE_COLOURS.length];
      let prev: Row | null = null;
      for (const p of t.points as Row[]) {
        const at = Date.parse(p.at);
        const layer = prev
          ? L.polyline([[prev.lat, prev.lon], [p.lat, p.lon]], { color: colour, weight: 2, opacity: 0.7 })
          : L.circleMarker([p.lat, p.lon], { radius: 3, color: colour, fillOpacity: 1 });
        layer.bindTooltip(textContent(`Line ${t.line_id}, ${t.number}: ${fmtDate(p.at, true)}${p.area ? ", " + p.area : ""}`));
        timed.push({ at, layer });
        movement.addLayer(layer);
        prev = p;
      }
    });
    groups["Lines' movement"] = movement;

    const anpr = L.layerGroup();
    for (const r of layers.reads || []) {
      const layer = L.circleMarker([r.lat, r.lon], { radius: 4, color: "#1b6ca8", weight: 2, fillOpacity: 0.4 }).bindTooltip(textContent(`ANPR ${r.vrm} at ${r.camera_id}, ${fmtDate(r.at, true)}`));
      timed.push({ at: Date.parse(r.at), layer });
      anpr.addLayer(layer);
    }
    groups["ANPR reads"] = anpr;

    const events = L.layerGroup();
    for (const e of layers.events || []) {
      const layer = L.circleMarker([e.lat, e.lon], { radius: 5, color: "#c05621", weight: 2, fillOpacity: 0.5 }).bindTooltip(textContent(`${String(e.event_type || "event").replace(/_/g, " ")}${e.offence ? ": " + e.offence : ""}, ${fmtDate(e.occurred_at, true)}`));
      timed.push({ at: Date.parse(e.occurred_at), layer });
      events.addLayer(layer);
    }
    groups["Events"] = events;

    const on = new Set(["Cell sites", "Addresses", "Trap and cuckooed addresses", "Lines' movement", "Events"]);
    const owner = new Map<L.Layer, L.LayerGroup>();
    for (const g of [movement, anpr, events]) g.eachLayer((l) => owner.set(l, g));

    const dates = timed.map((t) => t.at).filter((t) => !Number.isNaN(t));
    const lo = dates.length ? Math.min(...dates) : 0;
    const hi = dates.length ? Math.max(...dates) : 0;
    const until = () => (Number(slider.value) >= 1000 || !dates.length ? null : lo + ((hi - lo) * Number(slider.value)) / 1000);

    function publish(): void {
      const counts: Record<string, number> = {};
      for (const [name, g] of Object.entries(groups)) counts[name] = map.hasLayer(g) ? (g === clustered ? clustered.getLayers().length : g.getLayers().length) : 0;
      el.dataset.map = JSON.stringify({ layers: counts, flagged: flagged.getLayers().length, timed: timed.length });
    }
    function applyTime(): void {
      const cut = until();
      for (const t of timed) {
        const g = owner.get(t.layer)!;
        const show = cut === null || Number.isNaN(t.at) || t.at <= cut;
        if (show && !g.hasLayer(t.layer)) g.addLayer(t.layer);
        else if (!show && g.hasLayer(t.layer)) g.removeLayer(t.layer);
      }
      timeLabel.textContent = cut === null ? "all dates" : `up to ${fmtDate(new Date(cut).toISOString(), true)}`;
      publish();
    }
    for (const [name, g] of Object.entries(groups)) {
      const box = h("input", { type: "checkbox", checked: on.has(name), "data-layer": name });
      if (on.has(name)) g.addTo(map);
      box.addEventListener("change", () => {
        if (box.checked) g.addTo(map);
        else map.removeLayer(g);
        if (g === flagged && box.checked) flagged.eachLayer((m) => (m as L.Marker).setZIndexOffset(1000));
        publish();
      });
      toggles.append(h("label", { class: "chip" }, box, name));
    }
    slider.addEventListener("input", applyTime);

    if (points.length) {
      const path: L.LatLngExpression[] = points.map((p) => [p.lat, p.lon]);
      L.polyline(path, { color: "#f18f01", weight: 3, opacity: 0.8 }).addTo(map);
      points.forEach((p, i) => {
        if (i === 0 || i === points.length - 1 || p.cell_id !== points[i - 1].cell_id || p.camera_id !== points[i - 1].camera_id) {
          L.circleMarker([p.lat, p.lon], { radius: 5, color: "#f18f01", fillOpacity: 1 }).bindTooltip(textContent(fmtDate(p.at, true), p.area || p.camera_id)).addTo(map);
        }
      });
      map.fitBounds(L.latLngBounds(path).pad(0.3), { maxZoom: 14 });
    } else if (bounds.length) map.fitBounds(L.latLngBounds(bounds).pad(0.2), { maxZoom: 14 });
    else map.setView([52.5, -1.5], 6);
    const legend = new L.Control({ position: "bottomleft" });
    legend.onAdd = () => h("div", { class: "map-legend" }, h("div", null, h("span", { class: "dot cell" }), "cell site"), h("div", null, h("span", { class: "dot addr" }), "address (grouped when close)"), h("div", null, h("span", { class: "dot bad" }), "cuckooed / trap house (always shown)"), h("div", null, h("span", { class: "dot move" }), "movement"), h("div", null, h("span", { class: "dot anpr" }), "ANPR read"), h("div", null, h("span", { class: "dot event" }), "event"));
    legend.addTo(map);
    applyTime();
  });
  return h(
    "div",
    null,
    h("h1", null, number ? `Map: movement of ${number}` : vrm ? `Map: ANPR reads of ${vrm}` : "Map"),
    form,
    controls,
    h("p", { class: "muted" }, config.tile_url ? "Base map from the force tile server." : "No base map configured (closed network): cell sites and addresses on a blank canvas. Set LINEWATCH_TILE_URL for a force tile server."),
    el,
    points.length
      ? card("Located events in time order", table(points.slice(0, 300), [
          { label: "When", value: (p: Row) => fmtDate(p.at, true) },
          { label: "Cell / camera", value: (p: Row) => p.cell_id || p.camera_id },
          { label: "Area", value: (p: Row) => p.area || "" },
          { label: "Lat, lon", value: (p: Row) => `${Number(p.lat).toFixed(4)}, ${Number(p.lon).toFixed(4)}` },
        ]))
      : null,
  );
}
