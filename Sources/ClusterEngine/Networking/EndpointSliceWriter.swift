import KubeModel

/// Keeps a service's EndpointSlices in step with its Endpoints, as kube-controller-manager's
/// EndpointSlice controller (and the API server's reconciler, for `default/kubernetes`) do:
/// one slice per set of ports, at most 100 endpoints each, ready addresses with
/// `ready`/`serving` true and the others false, and a placeholder slice with no endpoints
/// and no ports while a selecting service has none. Slices keep their generated names from
/// write to write; surplus ones are deleted.
enum EndpointSliceWriter {
  static let indexName = "service"
  static let maxEndpoints = 100

  /// Declares the index of slices by `namespace/service` (once; its writers call this when
  /// they are installed).
  static func installIndex(on store: ObjectStore) {
    guard !store.hasIndex(EndpointSlice.self, indexName) else { return }
    store.addIndex(EndpointSlice.self, indexName) { slice in
      slice.metadata.labels?[EndpointSlice.serviceNameLabel].map { "\(slice.namespace)/\($0)" }
    }
  }

  /// The slices `service` should have, given the subsets of its Endpoints.
  static func desired(for service: Service, subsets: [EndpointSubset], managedBy: String?) -> [EndpointSlice] {
    var chunks: [(ports: [EndpointPort]?, endpoints: [SliceEndpoint])] = []
    for subset in subsets {
      let ports = subset.ports.map { ports in
        ports.map { port -> EndpointPort in
          var port = port
          if port.name == nil { port.name = "" }
          return port
        }
      }
      var endpoints: [SliceEndpoint] = []
      for (addresses, ready) in [(subset.addresses ?? [], true), (subset.notReadyAddresses ?? [], false)] {
        for address in addresses {
          var endpoint = SliceEndpoint()
          endpoint.addresses = [address.ip ?? ""]
          endpoint.conditions = SliceEndpointConditions(ready: ready, serving: ready, terminating: false)
          endpoint.hostname = address.hostname
          endpoint.nodeName = address.nodeName
          endpoint.targetRef = address.targetRef
          endpoints.append(endpoint)
        }
      }
      var start = 0
      repeat {
        let end = min(start + maxEndpoints, endpoints.count)
        chunks.append((ports, Array(endpoints[start..<end])))
        start = end
      } while start < endpoints.count
    }
    if chunks.isEmpty { chunks = [(nil, [])] }
    var labels = service.metadata.labels ?? [:]
    labels[EndpointSlice.serviceNameLabel] = service.name
    if let managedBy { labels[EndpointSlice.managedByLabel] = managedBy }
    return chunks.map { chunk in
      var slice = EndpointSlice()
      slice.metadata.namespace = service.namespace
      slice.metadata.labels = labels
      if managedBy == nil {
        // The API server's own slice for `default/kubernetes`: named as the service, no owner.
        slice.metadata.name = service.name
      } else {
        slice.metadata.generateName = "\(service.name)-"
      }
      if managedBy != nil, let uid = service.metadata.uid {
        slice.metadata.ownerReferences = [
          OwnerReference(apiVersion: "v1", kind: "Service", name: service.name, uid: uid, controller: true, blockOwnerDeletion: true)
        ]
      }
      slice.addressType = "IPv4"
      slice.endpoints = chunk.endpoints.isEmpty ? nil : chunk.endpoints
      slice.ports = chunk.ports
      return slice
    }
  }

  /// Writes the slices of the service at `key`: `subsets` its Endpoints' subsets, or nil
  /// when the service is gone (its slices are deleted). `managedBy` is the controller
  /// label's value; nil for the API server's slice of `default/kubernetes`.
  static func reconcile(_ key: ObjectKey, service: Service?, subsets: [EndpointSubset]?, managedBy: String?, in cluster: Cluster) {
    let store = cluster.store
    let existing = store.objects(EndpointSlice.self, index: indexName, value: "\(key.namespace)/\(key.name)")
      .filter { $0.metadata.labels?[EndpointSlice.managedByLabel] == managedBy }

    let wanted = service.flatMap { service in subsets.map { desired(for: service, subsets: $0, managedBy: managedBy) } } ?? []
    for (index, slice) in wanted.enumerated() {
      if index < existing.count {
        var current = existing[index]
        guard current.endpoints != slice.endpoints || current.ports != slice.ports
          || current.metadata.labels != slice.metadata.labels || current.addressType != slice.addressType
        else { continue }
        current.endpoints = slice.endpoints
        current.ports = slice.ports
        current.addressType = slice.addressType
        current.metadata.labels = slice.metadata.labels
        current.metadata.resourceVersion = nil
        _ = try? cluster.api.update(current)
      } else {
        _ = try? cluster.api.create(slice)
      }
    }
    for slice in existing.dropFirst(wanted.count) {
      _ = try? cluster.api.delete(EndpointSlice.self, namespace: slice.namespace, name: slice.name)
    }
  }
}
