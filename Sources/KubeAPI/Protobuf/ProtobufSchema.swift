import KubeModel

/// The shape of the Kubernetes types' protobuf encoding: for each message, its fields by
/// number. Enough to read what kubectl's typed clients send (`kubectl create deployment`,
/// `create service`, `create job`, …); the server always answers in JSON.
enum ProtobufSchema {
  /// What a field holds.
  indirect enum Kind: Sendable {
    case string, int, bool, bytes, double
    /// `meta/v1 Time` or `MicroTime`: seconds and nanos, written as RFC 3339.
    case time
    /// `resource.Quantity`: its canonical string.
    case quantity
    /// `intstr.IntOrString`: type, intVal, strVal.
    case intOrString
    /// Raw JSON bytes (`RawExtension`, `FieldsV1`).
    case rawJSON
    /// `meta/v1 Duration`: nanoseconds, written as a Go duration.
    case duration
    case message(String)
    case map(key: Kind, value: Kind)
  }

  /// One field of a message.
  struct Field: Sendable {
    var name: String
    var kind: Kind
    var repeated: Bool
    /// A message whose fields JSON writes into the enclosing object (Go's `json:",inline"`:
    /// a volume's source, a probe's handler, an ephemeral container's common part).
    var inline: Bool

    init(_ name: String, _ kind: Kind, repeated: Bool = false, inline: Bool = false) {
      self.name = name
      self.kind = kind
      self.repeated = repeated
      self.inline = inline
    }
  }

  /// The message type of a top-level object, by `apiVersion` and `kind`.
  static func message(apiVersion: String, kind: String) -> String? {
    let prefix: String
    switch apiVersion {
    case "v1": prefix = "core"
    case "apps/v1": prefix = "apps"
    case "batch/v1": prefix = "batch"
    case "policy/v1": prefix = "policy"
    case "scheduling.k8s.io/v1": prefix = "scheduling"
    case "autoscaling/v1": prefix = "autoscaling"
    case "authentication.k8s.io/v1": prefix = "authentication"
    default: return nil
    }
    let name = "\(prefix).\(kind)"
    return messages[name] == nil ? nil : name
  }

  /// Fields whose zero value is meaningful (Go pointers), kept when decoding; other zero
  /// scalars are what Go's encoder writes for unset fields and are dropped.
  static let meaningfulZero: Set<String> = [
    "replicas", "completions", "parallelism", "backoffLimit", "activeDeadlineSeconds", "terminationGracePeriodSeconds",
    "tolerationSeconds", "defaultMode", "mode", "revisionHistoryLimit", "successfulJobsHistoryLimit",
    "failedJobsHistoryLimit", "startingDeadlineSeconds", "ttlSecondsAfterFinished", "runAsUser", "runAsGroup", "fsGroup",
    "minReplicas", "priority", "progressDeadlineSeconds", "suspend", "automountServiceAccountToken", "enableServiceLinks",
  ]
}
