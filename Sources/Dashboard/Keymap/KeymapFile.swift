import TerminalUI
import Yams

/// Reads a keymap file that rebinds keys:
///
/// ```yaml
/// global:
///   quit: Q
///   delete: ctrl-x
/// nodes:
///   cordon: C
/// ```
/// Section names are `global` or a view (`nodes`, `pods`, `deployments`); keys are action
/// names; values are keys as `Key(parsing:)` reads them.
public enum KeymapFile {
  /// A problem in a keymap file, naming the section and entry.
  public struct Problem: Error, Hashable, Sendable, CustomStringConvertible {
    public var description: String
  }

  /// Applies the file's rebindings to `keymap`; any problem rejects the whole file.
  public static func apply(_ text: String, to keymap: Keymap) throws(Problem) -> Keymap {
    let parsed: Any?
    do {
      parsed = try Yams.load(yaml: text)
    } catch {
      throw Problem(description: "keymap: invalid YAML: \(error)")
    }
    guard let sections = parsed as? [String: Any] else {
      throw Problem(description: "keymap: expected a mapping of sections (global, nodes, pods, deployments)")
    }
    var result = keymap
    for (section, value) in sections.sorted(by: { $0.key < $1.key }) {
      guard section == "global" || Keymap.standard.views[section] != nil else {
        throw Problem(description: "keymap: unknown section \"\(section)\" (use global, nodes, pods or deployments)")
      }
      guard let entries = value as? [String: Any] else {
        throw Problem(description: "keymap: section \"\(section)\" must map actions to keys")
      }
      for (name, keyValue) in entries.sorted(by: { $0.key < $1.key }) {
        guard let action = Action(rawValue: name) else {
          throw Problem(description: "keymap: \(section).\(name): unknown action")
        }
        guard let keyText = keyValue as? String ?? (keyValue as? Int).map(String.init), let key = Key(parsing: keyText) else {
          throw Problem(description: "keymap: \(section).\(name): cannot read key \"\(keyValue)\"")
        }
        result.rebind(action, to: key, view: section == "global" ? nil : section)
      }
    }
    return result
  }
}
