import KubeModel
import TerminalUI

/// The forms behind drain, scale and the label editor, and how their values are read.
enum ActionForms {
  /// The drain dialog: kubectl drain's flags as checkboxes.
  static func drain(node: String) -> FormDialog {
    FormDialog(
      title: "Drain node/\(node)",
      fields: [
        .checkbox("Ignore DaemonSets", checked: true), .checkbox("Delete EmptyDir Data", checked: false),
        .checkbox("Force", checked: false), .text("Grace period (s)", value: "-1"),
      ])
  }

  /// Drain options from the dialog's values, or kubectl's refusal of a grace period that
  /// is not a whole number (before anything is cordoned). A negative one keeps each pod's own.
  static func drainOptions(_ values: [(label: String, value: FormDialog.Value)]) -> Result<DrainOptions, CommandError> {
    var options = DrainOptions()
    for (label, value) in values {
      switch (label, value) {
      case ("Ignore DaemonSets", .checkbox(let on)): options.ignoreDaemonSets = on
      case ("Delete EmptyDir Data", .checkbox(let on)): options.deleteEmptyDirData = on
      case ("Force", .checkbox(let on)): options.force = on
      case ("Grace period (s)", .text(let text)):
        let typed = text.trimmedSpaces
        guard let seconds = Int64(typed.isEmpty ? "-1" : typed) else {
          return .failure(
            CommandError(#"invalid argument "\#(typed)" for "--grace-period" flag: strconv.ParseInt: parsing "\#(typed)": invalid syntax"#))
        }
        if seconds >= 0 { options.gracePeriodSeconds = seconds }
      default: break
      }
    }
    return .success(options)
  }

  /// The scale form with the current replica count.
  static func scale(name: String, replicas: Int32) -> FormDialog {
    FormDialog(title: "Scale deployment/\(name)", fields: [.text("Replicas", value: "\(replicas)")])
  }

  /// The replica count typed, or an error message.
  static func replicas(_ values: [(label: String, value: FormDialog.Value)]) -> Result<Int32, CommandError> {
    guard case .text(let text)? = values.first?.value, let number = Int32(text.trimmedSpaces), number >= 0 else {
      return .failure(CommandError("replicas must be a whole number, 0 or more"))
    }
    return .success(number)
  }

  /// The label editor: `key=value` to add or overwrite, `key-` to remove, several separated by spaces.
  static func labels(kind: String, name: String, current: [String: String]) -> FormDialog {
    FormDialog(
      title: "Labels of \(kind)/\(name)",
      fields: [.note("Current", Format.labels(current)), .text("Change (k=v, k-)", value: "")])
  }

  /// The label changes typed, validated.
  static func labelChanges(_ values: [(label: String, value: FormDialog.Value)]) -> Result<[String: String?], CommandError> {
    guard values.count > 1, case .text(let text) = values[1].value else { return .failure(CommandError("no label change given")) }
    var changes: [String: String?] = [:]
    for word in text.split(separator: " ").map(String.init) {
      if word.hasSuffix("-") && !word.contains("=") {
        changes[String(word.dropLast())] = .some(nil)
      } else if let equals = word.firstIndex(of: "=") {
        let key = String(word[..<equals])
        let value = String(word[word.index(after: equals)...])
        if let problem = LabelCheck.problem(key: key, value: value) {
          return .failure(CommandError("invalid label \(word): \(problem)"))
        }
        changes[key] = .some(value)
      } else {
        return .failure(CommandError("invalid label change \"\(word)\": use key=value or key-"))
      }
    }
    guard !changes.isEmpty else { return .failure(CommandError("at least one label update is required")) }
    return .success(changes)
  }
}
