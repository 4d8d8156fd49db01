@testable import KubeModel

/// The error lines decoding `text` as a manifest file named `file` gives, or [] when it decodes.
func manifestErrors(_ text: String, file: String) -> [String] {
  do {
    _ = try Manifest.decode(text, file: file)
    return []
  } catch {
    return error.errors.map(\.description)
  }
}
