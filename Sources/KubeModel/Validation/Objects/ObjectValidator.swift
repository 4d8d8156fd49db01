/// Validates API objects as the API server does before it stores them
/// (`pkg/apis/core/validation`, `pkg/apis/apps/validation`, …), with upstream's field paths
/// and messages.
///
/// Objects are expected to be defaulted first; a field the server would default (a port's
/// `protocol`, a pod's `restartPolicy`, …) is accepted when it is absent, but an explicit
/// empty string is reported as upstream reports it. Errors come in upstream's order; where
/// upstream walks a Go map (labels, resources, config data) keys are taken in sorted order
/// so the result is deterministic.
public enum ObjectValidator {
  /// The problems with `object` on create, or on update when `old` is the stored object of the
  /// same kind. An empty result means the object may be stored.
  public static func validate(_ object: any KubeObject, old: (any KubeObject)? = nil) -> [ValidationError] {
    switch object {
    case let pod as Pod: return validatePod(pod, old: old as? Pod)
    case let node as Node: return validateNode(node, old: old as? Node)
    case let service as Service: return validateService(service, old: old as? Service)
    case let deployment as Deployment: return validateDeployment(deployment, old: old as? Deployment)
    case let replicaSet as ReplicaSet: return validateReplicaSet(replicaSet, old: old as? ReplicaSet)
    case let daemonSet as DaemonSet: return validateDaemonSet(daemonSet, old: old as? DaemonSet)
    case let statefulSet as StatefulSet: return validateStatefulSet(statefulSet, old: old as? StatefulSet)
    case let job as Job: return validateJob(job, old: old as? Job)
    case let cronJob as CronJob: return validateCronJob(cronJob, old: old as? CronJob)
    case let configMap as ConfigMap: return validateConfigMap(configMap, old: old as? ConfigMap)
    case let secret as Secret: return validateSecret(secret, old: old as? Secret)
    case let namespace as Namespace: return validateNamespace(namespace, old: old as? Namespace)
    case let hpa as HorizontalPodAutoscaler: return validateHPA(hpa, old: old as? HorizontalPodAutoscaler)
    case let pdb as PodDisruptionBudget: return validatePDB(pdb, old: old as? PodDisruptionBudget)
    case let volume as PersistentVolume: return validatePV(volume, old: old as? PersistentVolume)
    case let claim as PersistentVolumeClaim: return validatePVC(claim, old: old as? PersistentVolumeClaim)
    case let priorityClass as PriorityClass: return validatePriorityClass(priorityClass, old: old as? PriorityClass)
    default:
      let resource = type(of: object).resource
      return validateMetadata(object.metadata, old: old?.metadata, namespaced: resource.namespaced, name: isDNS1123Subdomain)
    }
  }

  /// Metadata checks on create, plus the update checks when `old` is given, without duplicates.
  static func validateMetadata(
    _ meta: ObjectMeta, old: ObjectMeta?, namespaced: Bool, name: (String) -> [String]
  ) -> [ValidationError] {
    var errors: [ValidationError] = []
    if let old { errors += validateObjectMetaUpdate(meta, old: old) }
    errors += validateObjectMeta(meta, namespaced: namespaced, name: name)
    return errors
  }
}

/// The API server's 422 answer for an object that failed validation (`errors.NewInvalid`).
///
/// The message is `Pod "x" is invalid: <error>`, or `…: [<error>, <error>]` for more than one
/// distinct error; the kind is qualified by group outside the core group
/// (`Deployment.apps "web" is invalid: …`). Each error becomes a cause.
public func invalidStatus(kind: ResourceType, name: String, errors: [ValidationError]) -> Status {
  let qualifiedKind = kind.group.isEmpty ? kind.kind : "\(kind.kind).\(kind.group)"
  var seen = Set<String>()
  var distinct: [String] = []
  for error in errors where seen.insert(error.description).inserted {
    distinct.append(error.description)
  }
  var message = "\(qualifiedKind) \(GoQuote.quoted(name)) is invalid"
  if distinct.count == 1 {
    message += ": " + distinct[0]
  } else if distinct.count > 1 {
    message += ": [" + distinct.joined(separator: ", ") + "]"
  }
  let causes = errors.map { StatusCause(reason: $0.type.rawValue, message: $0.body, field: $0.field) }
  return Status(
    message: message, reason: .invalid,
    details: StatusDetails(name: name, group: kind.group, kind: kind.kind, causes: causes), code: 422)
}

// MARK: Shared checks

/// `must be greater than or equal to 0` (`IsNegativeErrorMsg`).
let isNegativeMessage = "must be greater than or equal to 0"

/// `must be between lo and hi, inclusive` (`InclusiveRangeError`).
func inclusiveRangeMessage(_ low: Int64, _ high: Int64) -> String {
  "must be between \(low) and \(high), inclusive"
}

extension ObjectValidator {
  /// `ValidateNonnegativeField`, for an optional value: nothing when absent.
  static func nonNegative<Value: BinaryInteger>(_ value: Value?, _ path: FieldPath) -> [ValidationError] {
    guard let value, value < 0 else { return [] }
    return [.invalid(path, .integer(Int64(value)), isNegativeMessage)]
  }

  /// One `Invalid` error per message, with the value quoted.
  static func invalid(_ path: FieldPath, _ value: String, _ messages: [String]) -> [ValidationError] {
    messages.map { .invalid(path, .string(value), $0) }
  }

  /// A value shown as JSON, as upstream renders structs, maps and lists.
  static func jsonValue<Value: Encodable>(_ value: Value?) -> ValidationError.BadValue {
    guard let value, let encoded = try? ValueEncoder.encode(value) else { return .json("null") }
    return .json(JSONWriter.write(sortingKeys(encoded)))
  }

  /// A map shown as Go's `encoding/json` shows it, keys sorted.
  static func jsonMap(_ map: [String: String]?) -> ValidationError.BadValue {
    guard let map else { return .json("null") }
    return .json(JSONWriter.write(.object(.init(uniqueKeysWithValues: map.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))))
  }

  /// Go leaves out empty optional fields (`omitempty`) and sorts map keys; struct fields keep
  /// their order, which the Swift types share.
  private static func sortingKeys(_ value: JSONValue) -> JSONValue {
    switch value {
    case .array(let elements): return .array(elements.map(sortingKeys))
    case .object(let members):
      return .object(members.mapValues(sortingKeys).filter { $0.value != .emptyObject && $0.value != .array([]) })
    default: return value
    }
  }

  /// An integer-or-percent (`ValidatePositiveIntOrPercent` in apps validation).
  static func validateIntOrPercent(_ value: IntOrString?, _ path: FieldPath) -> [ValidationError] {
    switch value {
    case .none: return []
    case .int(let number): return nonNegative(number, path)
    case .string(let text):
      guard percentValue(text) == nil else { return [] }
      let message = regexMessage(
        "a valid percent string must be a numeric string followed by an ending '%'", pattern: "[0-9]+%",
        examples: ["1%", "93%"])
      return [.invalid(path, .string(text), message)]
    }
  }

  /// The number in `N%`, or nil when `text` is not a percentage.
  static func percentValue(_ text: String) -> Int? {
    let digits = text.utf8.dropLast()
    guard text.hasSuffix("%"), !digits.isEmpty, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
    return Int(text.dropLast())
  }

  /// `IsNotMoreThan100Percent`.
  static func notMoreThan100Percent(_ value: IntOrString?, _ path: FieldPath) -> [ValidationError] {
    guard case .string(let text) = value, let percent = percentValue(text), percent > 100 else { return [] }
    return [.invalid(path, .string(text), "must not be greater than 100%")]
  }

  /// `ValidateLabelSelector` for the API form of a selector.
  static func validateLabelSelector(_ selector: LabelSelector?, _ path: FieldPath) -> [ValidationError] {
    guard let selector else { return [] }
    var errors = validateLabels(selector.matchLabels, path: path.child("matchLabels"))
    for (index, requirement) in (selector.matchExpressions ?? []).enumerated() {
      let itemPath = path.child("matchExpressions").index(index)
      let values = requirement.values ?? []
      switch requirement.operator {
      case "In", "NotIn":
        if values.isEmpty {
          errors.append(.required(itemPath.child("values"), "must be specified when `operator` is 'In' or 'NotIn'"))
        }
      case "Exists", "DoesNotExist":
        if !values.isEmpty {
          errors.append(.forbidden(itemPath.child("values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"))
        }
      default:
        errors.append(.invalid(itemPath.child("operator"), .string(requirement.operator), "not a valid selector operator"))
      }
      errors += invalid(itemPath.child("key"), requirement.key, isQualifiedName(requirement.key))
      for (valueIndex, value) in values.enumerated() {
        errors += invalid(itemPath.child("values").index(valueIndex), value, isValidLabelValue(value))
      }
    }
    return errors
  }

  /// Whether `selector` matches `labels` (`LabelSelectorAsSelector` then `Matches`); nil when
  /// the selector cannot be converted, as with an unknown operator.
  static func selector(_ selector: LabelSelector, matches labels: [String: String]) -> Bool? {
    for (key, value) in selector.matchLabels ?? [:] where labels[key] != value { return false }
    for requirement in selector.matchExpressions ?? [] {
      let present = labels[requirement.key]
      let values = requirement.values ?? []
      switch requirement.operator {
      case "In": if present.map({ values.contains($0) }) != true { return false }
      case "NotIn": if let present, values.contains(present) { return false }
      case "Exists": if present == nil { return false }
      case "DoesNotExist": if present != nil { return false }
      default: return nil
      }
    }
    return true
  }
}
