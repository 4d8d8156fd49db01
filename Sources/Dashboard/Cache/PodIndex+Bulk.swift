import KubeModel

extension PodIndex {
  /// Builds the index of a whole list in one pass, the pod at position `i` held in slot
  /// `i`: the same index as inserting each pod in turn, without growing a set per insert.
  ///
  /// Pods are read in place (never copied). Slots are gathered into arrays first and turned
  /// into sets once per node and label. A list in key order keeps a ReplicaSet's pods
  /// together, and they share their labels and requests: consecutive pods with equal labels
  /// are indexed as one run, and equal requests are converted to totals once.
  public init(listing pods: [Pod]) {
    self.init()
    var nodeSlots: [String: [Int]] = [:]
    var labelSlots: [String: [String: [Int]]] = [:]
    var requested: [String: ResourceTotals] = [:]
    var running = 0
    var requests = RequestsMemo()
    // The current run of pods with equal labels.
    var runLabels: [String: String] = [:]
    var runSlots: [Int] = []
    func flushRun() {
      guard !runSlots.isEmpty else { return }
      for (key, value) in runLabels { labelSlots[key, default: [:]][value, default: []].append(contentsOf: runSlots) }
      runSlots.removeAll(keepingCapacity: true)
    }
    pods.withUnsafeBufferPointer { buffer in
      for slot in buffer.indices {
        let labels = buffer[slot].metadata.labels ?? [:]
        if labels != runLabels {
          flushRun()
          runLabels = labels
        }
        runSlots.append(slot)
        let node = buffer[slot].spec?.nodeName ?? ""
        nodeSlots[node, default: []].append(slot)
        let phase = buffer[slot].status?.phase ?? ""
        if phase == "Running" { running += 1 }
        if !node.isEmpty && phase != "Succeeded" && phase != "Failed" {
          // One container and no init containers, the usual case: its requests are the
          // total. Fields are read in place; passing the pod on would copy it.
          let containers = buffer[slot].spec?.containers
          let totals: ResourceTotals
          if let containers, containers.count == 1, buffer[slot].spec?.initContainers?.isEmpty ?? true {
            totals = requests.totals(of: containers[0].resources?.requests)
          } else {
            totals = ResourceTotals.requests(of: buffer[slot])
          }
          requested[node, default: ResourceTotals()].add(totals)
        }
      }
    }
    flushRun()
    byNode = nodeSlots.mapValues { Set($0) }
    byLabel = labelSlots.mapValues { values in values.mapValues { Set($0) } }
    requestedByNode = requested
    runningCount = running
  }
}

/// The totals of the last single-container requests seen, so a run of pods from one
/// template converts its quantities once. Equal requests (`Quantity` compares amounts)
/// give equal totals, so the result is the same.
private struct RequestsMemo {
  private var last: (requests: [String: Quantity]?, totals: ResourceTotals)?

  mutating func totals(of requests: [String: Quantity]?) -> ResourceTotals {
    if let last, last.requests == requests { return last.totals }
    let totals = ResourceTotals.requests(ofSingleContainer: requests)
    last = (requests, totals)
    return totals
  }
}
