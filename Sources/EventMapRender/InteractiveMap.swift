import EventMapCore
import Foundation

/// An offline interactive map: one HTML file with Leaflet and its marker-cluster plugin inlined
/// (Debian's `libjs-leaflet` and `libjs-leaflet.markercluster`, their licences kept in the file),
/// the reference layers as the base map (no tiles: nothing is fetched at view time), the events as
/// clustered circles with a popup each, a legend that filters by event type, and a time slider.
///
/// The page's state can be set in its address (`map.html#until=2019-10-15&types=Battles`), so a
/// link shows the same view; the slider and the boxes write it back.
public enum InteractiveMap {
    /// Leaflet's and the cluster plugin's files, read from the data folder's `web/` (copied there
    /// from the Debian packages by `make web`).
    public struct Assets: Sendable {
        public var leafletJS: String
        public var leafletCSS: String
        public var clusterJS: String
        public var clusterCSS: String
        public var licences: String

        /// The files the page inlines, in `directory`.
        public static let files = ["leaflet.min.js", "leaflet.css", "leaflet.markercluster.min.js", "MarkerCluster.css", "MarkerCluster.Default.css", "LICENSES.txt"]

        /// Reads the files from `directory` (the data folder's `web/`).
        /// - Throws: ``RenderError/invalidOption(_:)`` naming the missing file and the fix.
        public init(directory: String) throws(RenderError) {
            var texts: [String] = []
            for file in Self.files {
                guard let text = try? String(contentsOfFile: directory + "/" + file, encoding: .utf8) else {
                    throw .invalidOption("\(directory)/\(file): cannot read Leaflet's files for the HTML map (run 'make web' in the checkout, or 'make install')")
                }
                texts.append(text)
            }
            leafletJS = texts[0]
            leafletCSS = texts[1]
            clusterJS = texts[2]
            clusterCSS = texts[3] + "\n" + texts[4]
            licences = texts[5]
        }
    }

    /// The page: `events` (point events; others are left out by the caller), `layers` drawn
    /// under them, `title` at the top, `view` the extent it opens on (nil: the events').
    public static func html(events: [Event], layers: [MapLayer], title: String, view: BoundingBox? = nil, assets: Assets) -> String {
        var data = JSONBuilder()
        data.raw("{\"types\":")
        // Event types in ACLED's order, then any others by count.
        var counts: [String: Int] = [:]
        for event in events { counts[event.eventType?.name ?? "Unknown", default: 0] += 1 }
        let known = EventStyle.types.map(\.name).filter { counts[$0] != nil }
        let others = counts.keys.filter { !known.contains($0) }.sorted { counts[$0]! != counts[$1]! ? counts[$0]! > counts[$1]! : $0 < $1 }
        let types = known + others
        data.array(
            types.map { type in
                { (json: inout JSONBuilder) in
                    json.raw("{\"name\":"); json.string(type)
                    json.raw(",\"colour\":"); json.string(EventStyle.hex(EventStyle.rgb(for: type)))
                    json.raw(",\"count\":"); json.raw(String(counts[type] ?? 0)); json.raw("}")
                }
            })
        let typeIndex = Dictionary(uniqueKeysWithValues: types.enumerated().map { ($1, $0) })
        // Each event as an array, fields in the order of `F` in the page's script: compact for 100,000 events.
        data.raw(",\"events\":")
        data.raw("[")
        var first = true
        for event in events {
            guard let point = event.coordinate else { continue }
            data.raw(first ? "[" : ",[")
            first = false
            data.number(point.longitude, decimals: 5); data.raw(","); data.number(point.latitude, decimals: 5)
            data.raw(","); data.raw(String(typeIndex[event.eventType?.name ?? "Unknown"] ?? 0))
            data.raw(","); data.optionalString(event.date.map { "\($0)" })
            data.raw(","); data.optionalInt(event.timePrecision)
            data.raw(","); data.optionalString(event.subEventType)
            data.raw(","); data.optionalString(event.actor1)
            data.raw(","); data.optionalString(event.actor2)
            data.raw(","); data.optionalInt(event.fatalities)
            data.raw(","); data.optionalString(event.location ?? event.extractedPlace)
            data.raw(","); data.optionalString(event.sources.isEmpty ? nil : event.sources.joined(separator: "; "))
            data.raw(","); data.optionalString(event.quote)
            data.raw(","); data.optionalInt(event.geoPrecision)
            data.raw("]")
        }
        data.raw("]")
        data.raw(",\"layers\":")
        // Lakes and sea under the rivers that run into them.
        let ordered =
            layers.filter { $0.role == .country } + layers.filter { $0.role == .water && $0.isArea }
            + layers.filter { $0.role != .country && !($0.role == .water && $0.isArea) }
        data.array(
            ordered.map { layer in
                { (json: inout JSONBuilder) in
                    json.raw("{\"role\":"); json.string(layer.role.rawValue)
                    json.raw(",\"title\":"); json.string(layer.title)
                    json.raw(",\"from\":"); json.optionalString(layer.validFrom)
                    json.raw(",\"to\":"); json.optionalString(layer.validTo)
                    json.raw(",\"geometry\":{\"type\":\"GeometryCollection\",\"geometries\":")
                    json.array(layer.geometries.map { geometry in { (json: inout JSONBuilder) in json.geometry(geometry) } })
                    json.raw("}}")
                }
            })
        data.raw(",\"view\":")
        if let view {
            data.raw("[[")
            data.number(view.minLatitude, decimals: 5); data.raw(","); data.number(view.minLongitude, decimals: 5); data.raw("],[")
            data.number(view.maxLatitude, decimals: 5); data.raw(","); data.number(view.maxLongitude, decimals: 5); data.raw("]]")
        } else {
            data.raw("null")
        }
        data.raw("}")

        var page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        page += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        page += "<meta name=\"generator\" content=\"EventMap\">\n"
        page += "<title>" + XMLText.escape(title) + "</title>\n"
        page +=
            "<!--\nThis page inlines Leaflet and Leaflet.markercluster (Debian's libjs-leaflet and libjs-leaflet.markercluster);\ntheir licences follow. The rest of the page was written by EventMap.\n\n"
        page += assets.licences.replacingOccurrences(of: "--", with: "- -") + "\n-->\n"
        page += "<style>\n" + assets.leafletCSS + "\n" + assets.clusterCSS + "\n" + Self.style + "</style>\n"
        page += "<script>\n" + assets.leafletJS + "\n</script>\n"
        page += "<script>\n" + assets.clusterJS + "\n</script>\n"
        page += "</head>\n<body>\n"
        page += "<header><h1>" + XMLText.escape(title) + "</h1><span id=\"summary\"></span></header>\n"
        page += "<div id=\"map\"></div>\n"
        page += "<aside id=\"panel\"><h2>Event types</h2><div id=\"legend\"></div>"
        page += "<h2>Time</h2><div id=\"time\"><input type=\"range\" id=\"until\" min=\"0\" max=\"0\" value=\"0\" aria-label=\"Show events up to this date\"><div id=\"until-label\"></div></div>"
        page += "<h2>Layers</h2><div id=\"layers\"></div>"
        page +=
            "<p class=\"note\">Base map: EventMap's reference layers (Digital Chart of the World outlines, GSHHG rivers, lakes and coasts, GeoNames points); no tiles, nothing loaded from the network. Circles: one event each, grouped when crowded; click for details.</p></aside>\n"
        page += "<script type=\"application/json\" id=\"eventmap-data\">" + JSONText.scriptSafe(data.text) + "</script>\n"
        page += "<script>\n" + Self.script + "</script>\n</body>\n</html>\n"
        return page
    }

    /// The page's own styles.
    static let style = """
        html, body { margin: 0; height: 100%; font: 13px/1.35 "DejaVu Sans", Arial, sans-serif; color: #262626; }
        header { position: absolute; top: 0; left: 0; right: 300px; height: 44px; padding: 6px 12px; box-sizing: border-box; background: #fff; border-bottom: 1px solid #ccc; }
        header h1 { display: inline; font-size: 17px; margin: 0 12px 0 0; }
        #summary { color: #555; }
        #map { position: absolute; top: 44px; left: 0; right: 300px; bottom: 0; background: #dfe9f2; }
        #panel { position: absolute; top: 0; right: 0; width: 300px; bottom: 0; overflow-y: auto; padding: 8px 12px; box-sizing: border-box; border-left: 1px solid #ccc; background: #fafafa; }
        #panel h2 { font-size: 13px; margin: 12px 0 4px; text-transform: uppercase; color: #555; }
        #legend label, #layers label { display: block; cursor: pointer; margin: 2px 0; }
        .swatch { display: inline-block; width: 11px; height: 11px; border-radius: 50%; margin-right: 5px; vertical-align: -1px; border: 1px solid #333; }
        #until { width: 100%; }
        .note { color: #666; font-size: 11px; margin-top: 16px; }
        .eventmap-popup dt { font-weight: bold; margin-top: 3px; }
        .eventmap-popup dd { margin: 0 0 0 8px; }
        .eventmap-popup blockquote { margin: 4px 0 0 0; padding-left: 6px; border-left: 3px solid #bbb; color: #444; font-style: italic; }

        """

    /// The page's own script: base layers, clustered events, popups, legend filters, time slider.
    static let script = #"""
        (function () {
          "use strict";
          var data = JSON.parse(document.getElementById("eventmap-data").textContent);
          // Fields of an event array.
          var F = { lon: 0, lat: 1, type: 2, date: 3, timePrecision: 4, subType: 5, actor1: 6, actor2: 7, fatalities: 8, place: 9, source: 10, quote: 11, geoPrecision: 12 };
          var map = L.map("map", { minZoom: 2, maxZoom: 15, zoomControl: true, attributionControl: true });
          map.attributionControl.setPrefix("Leaflet");
          map.attributionControl.addAttribution("Reference layers: DCW and GSHHG (LGPL), GeoNames (CC BY 4.0)");
          var styles = {
            country: { color: "#8c8c8c", weight: 0.8, fillColor: "#f4f1ea", fillOpacity: 1 },
            border: { color: "#262626", weight: 2.5, fill: false },
            road: { color: "#b35900", weight: 2, fill: false },
            zone: { color: "#555555", weight: 1.2, dashArray: "5 3", fillColor: "#777777", fillOpacity: 0.08 },
            water: { color: "#6a9fcf", weight: 1.2, fillColor: "#bcd3e8", fillOpacity: 1 },
            other: { color: "#444444", weight: 1, fill: false }
          };
          var layerControls = document.getElementById("layers");
          var bounds = null;
          data.layers.forEach(function (layer) {
            var style = styles[layer.role] || styles.other;
            var drawn = L.geoJSON(layer.geometry, { style: function () { return style; }, interactive: layer.role === "zone" });
            if (layer.role === "zone") {
              var dates = (layer.from || "?") + " to " + (layer.to || "today");
              drawn.bindPopup("<b>" + esc(layer.title) + "</b><br>in force " + esc(dates));
            }
            drawn.addTo(map);
            if (layer.role !== "country") {
              var label = document.createElement("label");
              var box = document.createElement("input");
              box.type = "checkbox"; box.checked = true;
              box.addEventListener("change", function () { if (box.checked) { drawn.addTo(map); } else { map.removeLayer(drawn); } });
              label.appendChild(box);
              label.appendChild(document.createTextNode(" " + layer.title + (layer.role === "zone" ? " (" + (layer.from || "?") + " to " + (layer.to || "today") + ")" : "")));
              layerControls.appendChild(label);
            }
          });
          function esc(text) {
            return String(text).replace(/[&<>"']/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c]; });
          }
          var precisionWords = { 1: "the day", 2: "within a week", 3: "within a month" };
          var geoWords = { 1: "the place itself", 2: "near the place", 3: "a region or country" };
          function popup(e) {
            var type = data.types[e[F.type]].name;
            var rows = [["Date", (e[F.date] || "undated") + (e[F.timePrecision] ? " (" + (precisionWords[e[F.timePrecision]] || "precision " + e[F.timePrecision]) + ")" : "")],
                        ["Type", type + (e[F.subType] ? ": " + e[F.subType] : "")],
                        ["Actors", [e[F.actor1], e[F.actor2]].filter(Boolean).join(" against ") || "unknown"],
                        ["Fatalities", e[F.fatalities] === null ? "not stated" : String(e[F.fatalities])],
                        ["Place", (e[F.place] || "unnamed") + " (" + e[F.lat].toFixed(4) + ", " + e[F.lon].toFixed(4) + (e[F.geoPrecision] ? "; " + (geoWords[e[F.geoPrecision]] || "precision " + e[F.geoPrecision]) : "") + ")"],
                        ["Source", e[F.source] || "not given"]];
            var html = "<dl class=\"eventmap-popup\">" + rows.map(function (r) { return "<dt>" + r[0] + "</dt><dd>" + esc(r[1]) + "</dd>"; }).join("") + "</dl>";
            if (e[F.quote]) { html += "<blockquote class=\"eventmap-popup\">" + esc(e[F.quote]) + "</blockquote>"; }
            return html;
          }
          // Dates in order (undated events are shown whatever the slider says).
          var dates = data.events.map(function (e) { return e[F.date]; }).filter(Boolean).sort();
          var days = dates.filter(function (d, i) { return i === 0 || d !== dates[i - 1]; });
          var slider = document.getElementById("until"), sliderLabel = document.getElementById("until-label");
          slider.max = String(Math.max(0, days.length - 1));
          var hidden = {};
          // State from the address: #until=YYYY-MM-DD&types=A|B (types left out are hidden).
          var hash = {};
          location.hash.replace(/^#/, "").split("&").forEach(function (pair) { var kv = pair.split("="); if (kv[0]) { hash[decodeURIComponent(kv[0])] = decodeURIComponent(kv[1] || ""); } });
          var until = days.length ? days.length - 1 : 0;
          if (hash.until) { for (var i = 0; i < days.length; i++) { if (days[i] <= hash.until) { until = i; } } if (days.length && days[0] > hash.until) { until = -1; } }
          if (hash.types !== undefined) { var shown = hash.types.split("|"); data.types.forEach(function (t) { hidden[t.name] = shown.indexOf(t.name) < 0; }); }
          slider.value = String(Math.max(0, until));
          // Clusters up to zoom 10 (a town fills the window); closer in, every event is its own
          // circle. Fewer zoom levels to cluster make 100,000 events load in seconds.
          var cluster = L.markerClusterGroup({ maxClusterRadius: 40, chunkedLoading: true, showCoverageOnHover: false, disableClusteringAtZoom: 11 });
          map.addLayer(cluster);
          // One popup, filled on click (a popup bound to each of 100,000 markers costs seconds).
          cluster.on("click", function (ev) {
            L.popup({ maxWidth: 360 }).setLatLng(ev.layer.getLatLng()).setContent(popup(ev.layer.eventmap)).openOn(map);
          });
          var south = 90, west = 180, north = -90, east = -180;
          var markers = data.events.map(function (e) {
            var t = data.types[e[F.type]];
            var radius = 4 + Math.min(8, Math.sqrt(e[F.fatalities] || 0));
            var marker = L.circleMarker([e[F.lat], e[F.lon]], { radius: radius, color: "#262626", weight: 0.8, fillColor: t.colour, fillOpacity: 0.85, className: "eventmap-event" });
            marker.eventmap = e;
            south = Math.min(south, e[F.lat]); north = Math.max(north, e[F.lat]); west = Math.min(west, e[F.lon]); east = Math.max(east, e[F.lon]);
            return marker;
          });
          if (markers.length) { bounds = L.latLngBounds([south, west], [north, east]); }
          function visible(e) {
            if (hidden[data.types[e[F.type]].name]) { return false; }
            if (e[F.date] && days.length) { return until >= 0 && e[F.date] <= days[until]; }
            return true;
          }
          function update() {
            var shown = markers.filter(function (m) { return visible(m.eventmap); });
            cluster.clearLayers();
            cluster.addLayers(shown);
            sliderLabel.textContent = days.length ? (until >= 0 ? "Events up to " + days[until] + " (from " + days[0] + ")" : "Before " + days[0] + ": none") : "No dated events";
            document.getElementById("summary").textContent = shown.length + " of " + markers.length + " events shown";
            document.body.setAttribute("data-shown", String(shown.length));
            var parts = [];
            if (days.length && until < days.length - 1) { parts.push("until=" + (until >= 0 ? days[until] : "0000-00-00")); }
            var off = data.types.filter(function (t) { return hidden[t.name]; });
            if (off.length) { parts.push("types=" + data.types.filter(function (t) { return !hidden[t.name]; }).map(function (t) { return encodeURIComponent(t.name); }).join("|")); }
            if (history.replaceState) { history.replaceState(null, "", parts.length ? "#" + parts.join("&") : location.pathname); }
          }
          slider.addEventListener("input", function () { until = Number(slider.value); update(); });
          var legend = document.getElementById("legend");
          data.types.forEach(function (t) {
            var label = document.createElement("label");
            var box = document.createElement("input");
            box.type = "checkbox"; box.checked = !hidden[t.name];
            box.addEventListener("change", function () { hidden[t.name] = !box.checked; update(); });
            var swatch = document.createElement("span");
            swatch.className = "swatch"; swatch.style.background = t.colour;
            label.appendChild(box); label.appendChild(swatch);
            label.appendChild(document.createTextNode(t.name + " (" + t.count + ")"));
            legend.appendChild(label);
          });
          if (!bounds) {
            data.layers.forEach(function (layer) { if (layer.role !== "country") { var b = L.geoJSON(layer.geometry).getBounds(); if (b.isValid()) { bounds = bounds ? bounds.extend(b) : b; } } });
          }
          map.fitBounds(data.view ? L.latLngBounds(data.view) : bounds && bounds.isValid() ? bounds.pad(0.1) : L.latLngBounds([32, 35], [38, 43]));
          update();
        })();

        """#
}

/// JSON written straight into a string (strings through ``JSONText``, numbers by integer
/// arithmetic); the page passes the whole through ``JSONText/scriptSafe(_:)``.
struct JSONBuilder {
    private(set) var text = ""

    mutating func raw(_ s: String) { text += s }

    mutating func string(_ s: String) { text += JSONText.string(s) }

    mutating func optionalString(_ s: String?) { if let s { string(s) } else { text += "null" } }
    mutating func optionalInt(_ n: Int?) { text += n.map(String.init) ?? "null" }

    /// A number with at most `decimals` decimals (up to 9), trailing zeros left out (5 decimals:
    /// about a metre). Written by integer arithmetic: a format string per number is slow for
    /// 100,000 events.
    mutating func number(_ value: Double, decimals: Int) {
        var unit: Int64 = 1
        for _ in 0..<min(9, decimals) { unit *= 10 }
        let scaled = (value * Double(unit)).rounded()
        guard value.isFinite, scaled.magnitude < 9e15 else {
            text += value.isFinite ? String(value) : "null"
            return
        }
        var n = Int64(scaled)
        if n < 0 {
            text += "-"
            n = -n
        }
        text += String(n / unit)
        var fraction = n % unit
        guard fraction != 0 else { return }
        var width = min(9, decimals)
        while fraction % 10 == 0 {
            fraction /= 10
            width -= 1
        }
        let digits = String(fraction)
        text += "." + String(repeating: "0", count: width - digits.count) + digits
    }

    mutating func array(_ items: [(inout JSONBuilder) -> Void]) {
        text += "["
        for (i, item) in items.enumerated() {
            if i > 0 { text += "," }
            item(&self)
        }
        text += "]"
    }

    mutating func coordinates(_ ring: [Coordinate]) {
        array(
            ring.map { c in
                { (json: inout JSONBuilder) in
                    json.raw("["); json.number(c.longitude, decimals: 5); json.raw(","); json.number(c.latitude, decimals: 5); json.raw("]")
                }
            })
    }

    mutating func geometry(_ geometry: Geometry) {
        raw("{\"type\":\"" + geometry.typeName + "\",")
        switch geometry {
        case let .point(c):
            raw("\"coordinates\":[")
            number(c.longitude, decimals: 5)
            raw(",")
            number(c.latitude, decimals: 5)
            raw("]")
        case let .multiPoint(cs):
            raw("\"coordinates\":"); coordinates(cs)
        case let .lineString(line):
            raw("\"coordinates\":"); coordinates(line.coordinates)
        case let .multiLineString(lines):
            raw("\"coordinates\":"); array(lines.map { line in { (json: inout JSONBuilder) in json.coordinates(line.coordinates) } })
        case let .polygon(polygon):
            raw("\"coordinates\":"); array(polygon.rings.map { ring in { (json: inout JSONBuilder) in json.coordinates(ring) } })
        case let .multiPolygon(polygons):
            raw("\"coordinates\":")
            array(polygons.map { polygon in { (json: inout JSONBuilder) in json.array(polygon.rings.map { ring in { (json: inout JSONBuilder) in json.coordinates(ring) } }) } })
        case let .geometryCollection(parts):
            raw("\"geometries\":"); array(parts.map { part in { (json: inout JSONBuilder) in json.geometry(part) } })
        }
        raw("}")
    }
}
