// swift-tools-version: 6.0
import PackageDescription

/// Release builds of the engine and the model drop the run-time exclusivity checks on
/// class properties (a few percent of every engine step); debug builds, which the tests
/// run, keep them, so an overlapping access still traps there.
///
/// They also lower copies and destroys of large structs field by field, not through the
/// type-layout path: that path destroys a `PodStatus?` (say) by calling `Optional`'s value
/// witness, which asks the payload's witnesses for the case and then destroys through
/// them, over a hundred instructions for what is otherwise a few releases.
///
/// And they optimise across modules: the engine then inlines and specialises the model's
/// small functions (copies of an object's parts, accessors) instead of calling them
/// (0.7% fewer instructions at 500 nodes / 15,000 pods; a release build takes about a
/// minute longer).
///
/// And they end a value's lifetime at its last use rather than at the end of its scope
/// (`-enable-lexical-lifetimes=false`, the rule before Swift 5.7), which lets the optimiser
/// drop retain/release pairs around copies that are read once: 5.5% fewer retains and 2.1%
/// fewer instructions at 500 nodes / 15,000 pods. Nothing in these two modules depends on
/// when a value is destroyed: no deinit that other code waits for, and every weak or
/// `unowned` reference points at an object that something longer-lived owns.
let releaseSpeed: [SwiftSetting] = [
  .unsafeFlags(
    [
      "-enforce-exclusivity=unchecked", "-Xfrontend", "-disable-type-layout", "-cross-module-optimization",
      "-Xfrontend", "-enable-lexical-lifetimes=false",
    ],
    .when(configuration: .release))
]

let package = Package(
  name: "KubeDeck",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "kubedeck", targets: ["kubedeck"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
    .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
    .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.29.0"),
    .package(url: "https://github.com/apple/swift-certificates", from: "1.10.0"),
    .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
    .package(url: "https://github.com/apple/swift-asn1", from: "1.0.0"),
  ],
  targets: [
    // Pure values: API object types, Quantity, selectors, validation, manifests, ClusterClient.
    .target(
      name: "KubeModel",
      dependencies: [
        .product(name: "Yams", package: "Yams"),
        .product(name: "OrderedCollections", package: "swift-collections"),
      ],
      swiftSettings: releaseSpeed
    ),
    // Terminal layer: ncursesw binding, signal-safe restore, and the generic TUI toolkit.
    .systemLibrary(name: "CNCursesW", path: "Sources/CNCursesW"),
    .target(name: "CNCursesShim"),
    .target(
      name: "TerminalUI",
      dependencies: ["CNCursesW", "CNCursesShim", .product(name: "Yams", package: "Yams")]
    ),
    // The embedded control plane: store, API server, scheduler, controllers, simulated kubelets.
    .target(
      name: "ClusterEngine",
      dependencies: [
        "KubeModel",
        .product(name: "Collections", package: "swift-collections"),
      ],
      swiftSettings: releaseSpeed
    ),
    // zlib, for the header blocks of SPDY (port forwarding).
    .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
    // The Kubernetes REST API over HTTP/1.1: serves any ClusterClient to kubectl, and reaches
    // a cluster of a kubeconfig for the dashboard.
    .target(
      name: "KubeAPI",
      dependencies: [
        "KubeModel",
        "CZlib",
        .product(name: "OrderedCollections", package: "swift-collections"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
        .product(name: "NIOWebSocket", package: "swift-nio"),
        .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
        // TLS for a server reachable from other machines (kubectl sends credentials only over TLS).
        .product(name: "NIOSSL", package: "swift-nio-ssl"),
        .product(name: "X509", package: "swift-certificates"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "SwiftASN1", package: "swift-asn1"),
      ]
    ),
    // The app: views, keymap, command bar, dialogs, log and shell panes, informer cache.
    .target(
      name: "Dashboard",
      dependencies: ["KubeModel", "TerminalUI", .product(name: "Yams", package: "Yams")]
    ),
    .executableTarget(
      name: "kubedeck",
      dependencies: [
        "KubeModel",
        "Dashboard",
        "ClusterEngine",
        "KubeAPI",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .target(name: "SeedFixtures", path: "Tests/SeedFixtures", exclude: ["manifests"]),
    .testTarget(name: "KubeModelTests", dependencies: ["KubeModel", "SeedFixtures"]),
    .testTarget(name: "ClusterEngineTests", dependencies: ["ClusterEngine"]),
    .testTarget(name: "KubeAPITests", dependencies: ["KubeAPI", "ClusterEngine", "SeedFixtures", "Dashboard"]),
    .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI"]),
    .testTarget(name: "DashboardTests", dependencies: ["Dashboard", "KubeModel", "TerminalUI", "KubeAPI"]),
  ],
  swiftLanguageModes: [.v6]
)
