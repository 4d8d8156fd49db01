import KubeModel

/// A cluster described in a YAML file (`--cluster FILE`): the nodes to join and the
/// objects to create. Everything is checked before anything is applied; each problem is
/// reported with the file and line.
///
/// ```yaml
/// nodes:                      # at least one; names must be unique
/// - name: worker-1
///   capacity:                 # cpu (cores or millicores), memory, pods (default 110)
///     cpu: "4"
///     memory: 8Gi
///     pods: 110
///     nvidia.com/gpu: 1       # any other key is an extended resource
///   labels:
///     topology.kubernetes.io/zone: zone-a
///   taints:
///   - key: dedicated
///     value: gpu
///     effect: NoSchedule      # NoSchedule, PreferNoSchedule or NoExecute
///   role: control-plane       # optional: labels and taints it as kubeadm does, with static pods
///   unschedulable: false      # optional: join cordoned
/// manifests:                  # optional: Kubernetes objects, as in any manifest
/// - apiVersion: apps/v1
///   kind: Deployment
///   ...
/// ```
public struct ClusterFile: Sendable {
  /// One node of the file.
  public struct NodeEntry: Sendable {
    public var configuration: NodeConfiguration
    public var isControlPlane: Bool
  }

  public var nodes: [NodeEntry]
  /// The objects of `manifests:`, in file order.
  public var objects: [any KubeObject]

  /// Parses a cluster file. Throws every problem found, each with file and line.
  public static func parse(_ text: String, file: String) throws(ManifestErrors) -> ClusterFile {
    let roots = try Manifest.parseDocuments(text, file: file)
    var errors: [ManifestError] = []
    func fail(_ line: Int, _ message: String) { errors.append(ManifestError(file: file, line: line, message: message)) }
    guard roots.count == 1, let root = roots.first, case .object(let members) = root.value else {
      throw ManifestErrors([ManifestError(file: file, line: roots.first?.line ?? 1, message: "expected one YAML map with nodes: and manifests:")])
    }
    for member in members where member.key != "nodes" && member.key != "manifests" {
      fail(member.keyLine, "unknown field \"\(member.key)\" (a cluster file has nodes: and manifests:)")
    }
    var nodes: [NodeEntry] = []
    var seen: Set<String> = []
    if case .array(let items)? = root["nodes"]?.value {
      for item in items {
        guard let entry = parseNode(item, fail: fail) else { continue }
        if !seen.insert(entry.configuration.name).inserted {
          fail(item.line, "duplicate node name \"\(entry.configuration.name)\"")
        }
        nodes.append(entry)
      }
    } else {
      fail(root["nodes"]?.line ?? root.line, "nodes: must be a list with at least one node")
    }
    var objects: [any KubeObject] = []
    if let manifests = root["manifests"] {
      if case .array(let items) = manifests.value {
        for item in items {
          do {
            objects += try Manifest.decodeDocument(item).map(\.object)
          } catch {
            errors += error.errors.map {
              var located = $0
              located.file = file
              return located
            }
          }
        }
      } else if manifests.value != .null {
        fail(manifests.line, "manifests: must be a list of Kubernetes objects")
      }
    }
    if !errors.isEmpty { throw ManifestErrors(errors) }
    return ClusterFile(nodes: nodes, objects: objects)
  }

  private static func parseNode(_ node: ManifestNode, fail: (Int, String) -> Void) -> NodeEntry? {
    guard case .object(let members) = node.value else {
      fail(node.line, "a node must be a map with name:, capacity:, labels: and taints:")
      return nil
    }
    let known: Set<String> = ["name", "capacity", "labels", "taints", "role", "unschedulable"]
    for member in members where !known.contains(member.key) {
      fail(member.keyLine, "unknown node field \"\(member.key)\"")
    }
    guard let name = node["name"]?.stringValue, !name.isEmpty else {
      fail(node.line, "a node needs a name")
      return nil
    }
    for message in isDNS1123Subdomain(name) { fail(node["name"]?.line ?? node.line, "invalid node name \"\(name)\": \(message)") }
    var configuration = NodeConfiguration(name: name)
    if case .object(let capacity)? = node["capacity"]?.value {
      for entry in capacity {
        guard let quantity = quantity(entry.value) else {
          fail(entry.value.line, "capacity \(entry.key): \"\(scalarText(entry.value))\" is not a quantity")
          continue
        }
        switch entry.key {
        case "cpu": configuration.cpu = quantity
        case "memory": configuration.memory = quantity
        case "pods": configuration.pods = quantity.value
        default: configuration.extendedResources[entry.key] = quantity
        }
      }
    }
    if case .object(let labels)? = node["labels"]?.value {
      for entry in labels { configuration.labels[entry.key] = scalarText(entry.value) }
    }
    if case .array(let taints)? = node["taints"]?.value {
      for taint in taints {
        let effect = taint["effect"]?.stringValue ?? ""
        guard let key = taint["key"]?.stringValue, ["NoSchedule", "PreferNoSchedule", "NoExecute"].contains(effect) else {
          fail(taint.line, "a taint needs a key and an effect of NoSchedule, PreferNoSchedule or NoExecute")
          continue
        }
        configuration.taints.append(Taint(key: key, value: taint["value"].map(scalarText), effect: effect))
      }
    }
    if case .bool(let flag)? = node["unschedulable"]?.value { configuration.unschedulable = flag }
    let role = node["role"]?.stringValue
    if let role, role != "control-plane", role != "worker" {
      fail(node["role"]?.line ?? node.line, "role must be control-plane or worker, not \"\(role)\"")
    }
    return NodeEntry(configuration: configuration, isControlPlane: role == "control-plane")
  }

  private static func quantity(_ node: ManifestNode) -> Quantity? {
    switch node.value {
    case .int(let number): return Quantity(number)
    case .string(let text): return try? Quantity(parsing: text)
    case .double(let number): return try? Quantity(parsing: String(number))
    default: return nil
    }
  }

  private static func scalarText(_ node: ManifestNode) -> String {
    switch node.value {
    case .string(let text): return text
    case .int(let number): return String(number)
    case .double(let number): return String(number)
    case .bool(let flag): return flag ? "true" : "false"
    default: return ""
    }
  }
}
