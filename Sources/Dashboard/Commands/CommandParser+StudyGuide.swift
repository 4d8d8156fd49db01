import KubeModel

/// The verbs a teacher needs for the study guide's demos: `set image`, `autoscale` and the
/// simulated cluster's `load` on a service.
extension CommandParser {
  /// `set image deployment/NAME CONTAINER=IMAGE…` (also `deploy NAME`, `-n NS`).
  static func parseSet(_ rest: [String]) throws(CommandError) -> Command {
    guard rest.first == "image" else { throw CommandError("error: set supports image (set image deployment/NAME CONTAINER=IMAGE)") }
    let args = try CommandArguments(Array(rest.dropFirst()), valued: ["namespace": "n"], boolean: [])
    let (resource, name, pairs) = try target(args.positional, verb: "set image")
    guard resource == .deployments else { throw CommandError("error: set image is supported for deployments here") }
    guard !pairs.isEmpty else { throw CommandError("error: at least one image update is required") }
    var images: [String: String] = [:]
    for pair in pairs {
      let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
        throw CommandError("error: invalid image update \"\(pair)\": use CONTAINER=IMAGE")
      }
      images[parts[0]] = parts[1]
    }
    return .setImage(name: name, namespace: args.value("namespace"), images: images)
  }

  /// `autoscale deployment NAME --max=N [--min=N] [--cpu-percent=P]`.
  static func parseAutoscale(_ rest: [String]) throws(CommandError) -> Command {
    let args = try CommandArguments(rest, valued: ["min": nil, "max": nil, "cpu-percent": nil, "namespace": "n"], boolean: [])
    let (resource, name, extra) = try target(args.positional, verb: "autoscale")
    guard extra.isEmpty else { throw CommandError("error: unexpected arguments: \(extra.joined(separator: " "))") }
    guard resource == .deployments else { throw CommandError("error: autoscale is supported for deployments here") }
    guard let max = try args.integer("max") else { throw CommandError("error: required flag(s) \"max\" not set") }
    let min = try args.integer("min")
    if let min, min > max {
      throw CommandError("error: --max=MAXPODS must be larger or equal to --min=MINPODS")
    }
    guard max >= 1 else { throw CommandError("error: --max=MAXPODS is required and must be at least 1, max: \(max)") }
    let percent = try args.integer("cpu-percent")
    return .autoscale(
      name: name, namespace: args.value("namespace"), min: min.map { Int32($0) }, max: Int32(max),
      cpuPercent: percent.map { Int32($0) })
  }

  /// `create job NAME --from=cronjob/CRONJOB`.
  static func parseCreateJob(_ rest: [String]) throws(CommandError) -> Command {
    let args = try CommandArguments(rest, valued: ["from": nil, "namespace": "n"], boolean: [])
    guard args.positional.count == 1, let name = args.positional.first else {
      throw CommandError("error: exactly one NAME is required, got \(args.positional.count)")
    }
    guard let from = args.value("from") else {
      throw CommandError("error: create job runs a CronJob's job here: create job NAME --from=cronjob/CRONJOB")
    }
    let parts = from.split(separator: "/", maxSplits: 1).map(String.init)
    guard parts.count == 2, ResourceType.named(parts[0]) == .cronjobs, !parts[1].isEmpty else {
      throw CommandError("error: from must be an existing cronjob: \(from)")
    }
    return .createJobFromCronJob(name: name, namespace: args.value("namespace"), cronJob: parts[1])
  }

  /// `load svc/NAME 300rps`, `load service NAME 300`, `load svc/NAME 0` (stop).
  static func parseLoad(_ rest: [String]) throws(CommandError) -> Command {
    let usage = "error: usage: load svc/NAME RATE (300rps, 300 or 0 to stop)"
    let args = try CommandArguments(rest, valued: ["namespace": "n"], boolean: [])
    guard !args.positional.isEmpty else { throw CommandError(usage) }
    let (resource, name, extra) = try target(args.positional, verb: "load")
    guard resource == .services else { throw CommandError("error: load is sent to a service (load svc/NAME 300rps), not to \(resource.plural)") }
    guard extra.count == 1, let text = extra.first else { throw CommandError(usage) }
    let number = text.lowercased().hasSuffix("rps") ? String(text.dropLast(3)) : text
    guard let rate = Double(number), rate.isFinite, rate >= 0, rate <= 1_000_000 else {
      throw CommandError("error: invalid rate \"\(text)\": use requests per second such as 300rps, or 0 to stop")
    }
    return .load(service: name, namespace: args.value("namespace"), requestsPerSecond: rate)
  }
}
