// swift-tools-version:6.0
// EventMap: conflict news to maps, offline. See README.md and ../shared/DESIGN.md.
import PackageDescription

let package = Package(
    name: "EventMap",
    products: [
        .executable(name: "eventmap", targets: ["eventmap"]),
        .executable(name: "eventmap-bench", targets: ["eventmap-bench"]),
        .library(name: "EventMapCore", targets: ["EventMapCore"]),
        .library(name: "EventMapGeometry", targets: ["EventMapGeometry"]),
        .library(name: "EventMapIO", targets: ["EventMapIO"]),
        .library(name: "EventMapGazetteer", targets: ["EventMapGazetteer"]),
        .library(name: "EventMapLayers", targets: ["EventMapLayers"]),
        .library(name: "EventMapQuery", targets: ["EventMapQuery"]),
        .library(name: "EventMapRender", targets: ["EventMapRender"]),
        .library(name: "EventMapExtraction", targets: ["EventMapExtraction"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
    ],
    targets: [
        // System libraries from Debian, found with pkg-config.
        .systemLibrary(
            name: "CGEOS", path: "Sources/CGEOS", pkgConfig: "geos",
            providers: [.apt(["libgeos-dev"])]),
        .systemLibrary(
            name: "CPROJ", path: "Sources/CPROJ", pkgConfig: "proj",
            providers: [.apt(["libproj-dev", "proj-data"])]),

        .systemLibrary(
            name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]),

        .systemLibrary(
            name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),

        .systemLibrary(
            name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]),

        // GDAL's headers, its functions loaded with dlopen on first use (see the header).
        .target(name: "CGDALLoader", path: "Sources/CGDALLoader"),
        // libpq's headers, its functions loaded with dlopen for postgresql:// inputs and outputs.
        .target(name: "CPQLoader", path: "Sources/CPQLoader"),
        // Where CSV fields and records end, 64 bytes at a time (vector comparisons in C).
        .target(name: "CCSVScan", path: "Sources/CCSVScan"),

        // librsvg's and cairo's functions loaded with dlopen when a PNG or PDF is drawn.
        .target(name: "CRsvgLoader", path: "Sources/CRsvgLoader"),
        // librsvg's own headers, for the test that checks the loader's declarations against them.
        .systemLibrary(
            name: "CRsvg", path: "Sources/CRsvg", pkgConfig: "librsvg-2.0",
            providers: [.apt(["librsvg2-dev"])]),

        // Plain Sendable values: coordinates, geometry, features, lengths.
        .target(name: "EventMapCore"),
        // GEOS and PROJ wrappers and exact geodesy on WGS84.
        .target(name: "EventMapGeometry", dependencies: ["EventMapCore", "CGEOS", "CPROJ"]),
        // Place index: name keys, ranking, reasons; the GeoNames importer.
        .target(name: "EventMapGazetteer", dependencies: ["EventMapCore"]),
        // Event filters: exact geodesic distance to layers, inside, box, dates, types, actors.
        .target(name: "EventMapQuery", dependencies: ["EventMapGeometry", "EventMapIO", "EventMapCore"]),
        // Articles to place mentions (and, later, events): cleaning, recognition, resolution in context.
        .target(name: "EventMapExtraction", dependencies: ["EventMapGazetteer", "EventMapCore"]),
        // SVG maps: projection through PROJ, clipping through GEOS, symbols, labels, legend; PNG and PDF through librsvg and cairo.
        .target(name: "EventMapRender", dependencies: ["EventMapGeometry", "EventMapCore", "CRsvgLoader"]),
        // The reference layer catalogue: border, roads, zones, countries, users' files.
        .target(name: "EventMapLayers", dependencies: ["EventMapIO", "EventMapCore"]),
        // Readers and writers of vector formats: fast paths of its own, GDAL for every other driver
        // (and GDAL's spatial references, through PROJ, for inputs in another CRS).
        .target(name: "EventMapIO", dependencies: ["EventMapCore", "CSQLite", "CZlib", "CLibXML2", "CGDALLoader", "CPQLoader", "CCSVScan"]),
        // The command line: thin commands over the libraries.
        .executableTarget(
            name: "eventmap",
            dependencies: [
                "EventMapCore", "EventMapGeometry", "EventMapIO", "EventMapGazetteer", "EventMapLayers", "EventMapQuery",
                "EventMapRender", "EventMapExtraction",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // Speed figures for the README: `make bench` (release build).
        .executableTarget(name: "eventmap-bench", dependencies: ["EventMapCore", "EventMapGazetteer", "EventMapIO", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        // Scores place mentions against annotated corpora (LGL, GeoVirus): `eventmap-eval mentions FILE.xml`.
        .executableTarget(
            name: "eventmap-eval", dependencies: ["EventMapCore", "EventMapExtraction", "EventMapGazetteer", "EventMapGeometry", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        // libFuzzer targets for every reader: `make fuzz` builds it with -sanitize=fuzzer,address.
        .executableTarget(
            name: "eventmap-fuzz", dependencies: ["EventMapCore", "EventMapIO", "EventMapExtraction", "EventMapGazetteer"],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
        // Builds Gazetteer/features/ from the DCW and the curated tables: `make layers`.
        .executableTarget(
            name: "eventmap-build-layers",
            dependencies: ["EventMapCore", "EventMapGazetteer", "EventMapGeometry", "EventMapIO", .product(name: "ArgumentParser", package: "swift-argument-parser")]),

        .testTarget(name: "EventMapCoreTests", dependencies: ["EventMapCore"]),
        .testTarget(name: "EventMapGeometryTests", dependencies: ["EventMapGeometry", "EventMapCore"]),
        .testTarget(name: "EventMapIOTests", dependencies: ["EventMapIO", "EventMapCore"]),
        .testTarget(name: "EventMapGazetteerTests", dependencies: ["EventMapGazetteer", "EventMapCore"]),
        .testTarget(name: "EventMapExactnessTests", dependencies: ["EventMapQuery", "EventMapGeometry", "EventMapIO", "EventMapCore"]),
        .testTarget(name: "EventMapQueryTests", dependencies: ["EventMapQuery", "EventMapGeometry", "EventMapIO", "EventMapCore"]),
        .testTarget(
            name: "EventMapLayersTests",
            dependencies: ["EventMapLayers", "EventMapGeometry", "EventMapGazetteer", "EventMapIO", "EventMapCore"]),
        .testTarget(
            name: "EventMapRenderTests",
            dependencies: ["EventMapRender", "EventMapGeometry", "EventMapLayers", "EventMapIO", "EventMapCore", "CRsvg", "CRsvgLoader"]),
        .testTarget(name: "EventMapExtractionTests", dependencies: ["EventMapExtraction", "EventMapGazetteer", "EventMapCore"]),
        .testTarget(name: "EventMapCLITests", dependencies: ["EventMapCore", "EventMapIO", "EventMapGeometry", "EventMapQuery"]),
    ],
    swiftLanguageModes: [.v6]
)
