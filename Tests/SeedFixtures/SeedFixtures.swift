import Foundation

/// The study guide's manifests, typos included, kept once under `manifests/` for every
/// suite that feeds them to the decoder or to kubectl.
public enum SeedFixtures {
  /// The folder holding the manifests, found beside this source file.
  public static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("manifests", isDirectory: true)

  /// The text of the manifest `name` (for example `pod-label.yaml`).
  public static func text(_ name: String) throws -> String {
    try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
  }
}
