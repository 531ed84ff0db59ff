import "leaflet/dist/leaflet.css";
import L from "leaflet";
import * as api from "../api";
import { card, fmtDate, h, table, textContent } from "../dom";
import { whenAttached } from "../chart/linkchart";

type Row = Record<string, any>;

// Works offline: without a force tile server the map is points on a blank canvas.
export async function mapPage(_parts: string[], params: URLSearchParams): Promise<HTMLElement> {
  const number = params.get("number") || "";
  const vrm = params.get("vrm") || "";
  const [layers, config] = await Promise.all([api.get<Row>("/map"), api.get<Row>("/config")]);
  const track: Row | null = number ? await api.get<Row>("/map/movement", { number }) : vrm ? await api.get<Row>("/map/vehicle", { vrm }) : null;
  const points: Row[] = track ? track.points || track.reads || [] : [];
  const el = h("div", { class: "map", id: "map" });
  const input = h("input", { id: "map-number", value: number, placeholder: "Phone number to trace" });
  const form = h(
    "form",
    { class: "row", on: { submit: (e: Event) => { e.preventDefault(); location.hash = `#/map?number=${encodeURIComponent(input.value.trim())}`; } } },
    input,
    h("button", { type: "submit", class: "primary" }, "Show movement"),
  );
  whenAttached(el, () => {
    const map = L.map(el, { preferCanvas: true, attributionControl: Boolean(config.tile_url), zoomSnap: 0.25, minZoom: 3, maxZoom: 18 });
    if (config.tile_url) L.tileLayer(config.tile_url, { maxZoom: 19 }).addTo(map);
    const bounds: L.LatLngExpression[] = [];
    for (const c of layers.cells) {
      L.circleMarker([c.lat, c.lon], { radius: 4, color: "#5c7c99", weight: 1, fillOpacity: 0.5 }).bindTooltip(textContent(c.cell_id, c.site_name, c.area)).addTo(map);
      bounds.push([c.lat, c.lon]);
    }
    for (const a of layers.addresses) {
      const bad = a.cuckooed || a.trap_line;
      L.circleMarker([a.lat, a.lon], { radius: bad ? 8 : 5, color: bad ? "#d7263d" : "#4a7c59", weight: 2, fillOpacity: 0.7 })
        .bindTooltip(textContent(`${a.address} ${a.postcode || ""}${a.cuckooed ? " — cuckooed" : ""}${a.trap_line ? " — trap house of " + a.trap_line : ""}`))
        .on("click", () => (location.hash = `#/address/${encodeURIComponent(a.address)}`))
        .addTo(map);
      bounds.push([a.lat, a.lon]);
    }
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
    legend.onAdd = () => h("div", { class: "map-legend" }, h("div", null, h("span", { class: "dot cell" }), "cell site"), h("div", null, h("span", { class: "dot addr" }), "address"), h("div", null, h("span", { class: "dot bad" }), "cuckooed / trap house"), points.length ? h("div", null, h("span", { class: "dot move" }), "movement") : null);
    legend.addTo(map);
  });
  return h(
    "div",
    null,
    h("h1", null, number ? `Map: movement of ${number}` : vrm ? `Map: ANPR reads of ${vrm}` : "Map"),
    form,
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
