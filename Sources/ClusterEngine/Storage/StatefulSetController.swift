import Foundation
import KubeModel

/// kube-controller-manager's StatefulSet controller: pods with stable names
/// `<set>-0 … <set>-N-1`, each with its own claims `<template>-<set>-<ordinal>` from the
/// volume claim templates and a stable DNS name under the headless service
/// (`hostname`, `subdomain`). With `OrderedReady` a pod is created only when every lower
/// ordinal is Running and Ready, and removed highest first; `Parallel` does both at once.
/// A template change rolls out in reverse ordinal order, one pod at a time, down to the
/// partition. Status counts replicas, ready, current and updated pods and the revisions.
public final class StatefulSetController: ClusterComponent {
  static let component = "statefulset-controller"
  static let revisionLabel = "controller-revision-hash"

  private unowned var cluster: Cluster?
  private var queue = OwnerSyncQueue()

  public init() {}

  public func attach(to cluster: Cluster) {
    self.cluster = cluster
    PodLabelIndex.installOwnerIndex(on: cluster.store)
    for set in cluster.store.all(StatefulSet.self) { queue.noteOwner(set, deleted: false) }
  }

  public var observedKinds: [any KubeObject.Type]? { [StatefulSet.self, Pod.self] }

  public func observe(_ event: StoreEvent) {
    // A pod can only queue a StatefulSet that exists: without one, skip the pod's copy.
    if event.commonKind == .pod, !queue.hasOwners { return }
    switch event.object {
    case let set as StatefulSet:
      queue.noteOwner(set, deleted: event.type == .deleted)
    case let pod as Pod:
      queue.noteOwned(pod, kind: "StatefulSet")
    default:
      break
    }
  }

  public var hasPendingWork: Bool { !queue.isEmpty }

  public func reconcile() {
    for key in queue.drain() { sync(key) }
  }

  /// The revision name of a template: `<set>-<hash>`, as the ControllerRevision is named.
  static func revision(of set: StatefulSet) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let bytes = (try? encoder.encode(set.spec?.template)) ?? Data()
    var hash: UInt32 = 2_166_136_261
    for byte in bytes {
      hash ^= UInt32(byte)
      hash = hash &* 16_777_619
    }
    let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
    let text = String(String(hash).unicodeScalars.map { alphabet[Int($0.value) % alphabet.count] })
    return "\(set.name)-\(text)"
  }

  /// The ordinal of a pod named `<set>-<n>`.
  static func ordinal(_ pod: Pod, of set: String) -> Int? {
    guard pod.name.hasPrefix(set + "-") else { return nil }
    return Int(pod.name.dropFirst(set.count + 1))
  }

  // MARK: Sync

  private func sync(_ key: ObjectKey) {
    guard let cluster, let set = cluster.store.get(StatefulSet.self, key), let uid = set.metadata.uid,
      set.metadata.deletionTimestamp == nil
    else { return }
    let replicas = Int(set.spec?.replicas ?? 1)
    let parallel = set.spec?.podManagementPolicy == "Parallel"
    let updateRevision = Self.revision(of: set)
    var pods: [Int: Pod] = [:]
    for pod in PodLabelIndex.pods(ownedBy: uid, store: cluster.store) {
      if let ordinal = Self.ordinal(pod, of: set.name) { pods[ordinal] = pod }
    }
    var acted = false
    // Replace failed pods; create missing ones in order.
    for ordinal in 0..<replicas {
      if let pod = pods[ordinal] {
        if PodChecks.isTerminal(pod) {
          deletePod(pod, of: set)
          pods[ordinal] = nil
          acted = true
          if !parallel { break }
          continue
        }
        if !parallel && !PodChecks.isRunningAndReady(pod) { break }
        continue
      }
      if let created = createPod(ordinal, of: set, revision: updateRevision) { pods[ordinal] = created }
      acted = true
      if !parallel { break }
    }
    // Scale down, highest ordinal first, waiting for the lower ones to be healthy.
    let extra = pods.keys.filter { $0 >= replicas }.sorted(by: >)
    if !acted, !extra.isEmpty {
      let healthy = (0..<replicas).allSatisfy { pods[$0].map(PodChecks.isRunningAndReady) ?? false }
      for ordinal in extra {
        guard let pod = pods[ordinal] else { continue }
        if pod.metadata.deletionTimestamp != nil {
          if !parallel { break }
          continue
        }
        if !parallel && !healthy { break }
        deletePod(pod, of: set)
        acted = true
        if !parallel { break }
      }
    }
    // Rolling update: highest ordinal first, down to the partition, one at a time.
    if !acted, set.spec?.updateStrategy?.type ?? "RollingUpdate" == "RollingUpdate" {
      let partition = Int(set.spec?.updateStrategy?.rollingUpdate?.partition ?? 0)
      let all = (0..<replicas).compactMap { pods[$0] }
      if all.count == replicas, all.allSatisfy(PodChecks.isRunningAndReady) {
        for ordinal in stride(from: replicas - 1, through: partition, by: -1) {
          guard let pod = pods[ordinal], pod.metadata.labels?[Self.revisionLabel] != updateRevision else { continue }
          deletePod(pod, of: set)
          break
        }
      }
    }
    writeStatus(set, pods: Array(pods.values), updateRevision: updateRevision)
  }

  private func createPod(_ ordinal: Int, of set: StatefulSet, revision: String) -> Pod? {
    guard let cluster, let uid = set.metadata.uid else { return nil }
    let name = "\(set.name)-\(ordinal)"
    let template = set.spec?.template ?? PodTemplateSpec()
    var pod = Pod()
    pod.metadata.name = name
    pod.metadata.namespace = set.namespace
    var labels = template.metadata?.labels ?? [:]
    labels["statefulset.kubernetes.io/pod-name"] = name
    labels["apps.kubernetes.io/pod-index"] = String(ordinal)
    labels[Self.revisionLabel] = revision
    pod.metadata.labels = labels
    pod.metadata.annotations = template.metadata?.annotations
    pod.metadata.ownerReferences = [
      OwnerReference(apiVersion: "apps/v1", kind: "StatefulSet", name: set.name, uid: uid, controller: true, blockOwnerDeletion: true)
    ]
    var spec = template.spec ?? PodSpec()
    spec.hostname = name
    if let service = set.spec?.serviceName, !service.isEmpty { spec.subdomain = service }
    var volumes = spec.volumes ?? []
    for claimTemplate in set.spec?.volumeClaimTemplates ?? [] {
      let claimName = "\(claimTemplate.name)-\(name)"
      guard ensureClaim(claimName, from: claimTemplate, pod: name, of: set) else { return nil }
      var volume = Volume()
      volume.name = claimTemplate.name
      volume.persistentVolumeClaim = PersistentVolumeClaimVolumeSource()
      volume.persistentVolumeClaim?.claimName = claimName
      volumes.removeAll { $0.name == claimTemplate.name }
      volumes.append(volume)
    }
    spec.volumes = volumes.isEmpty ? nil : volumes
    pod.spec = spec
    do {
      let created = try cluster.api.create(pod)
      cluster.api.recordEvent(
        about: set, reason: "SuccessfulCreate", message: "create Pod \(name) in StatefulSet \(set.name) successful",
        component: Self.component)
      return created
    } catch {
      cluster.api.recordEvent(
        about: set, type: "Warning", reason: "FailedCreate",
        message: "create Pod \(name) in StatefulSet \(set.name) failed error: \(error.message ?? "")", component: Self.component)
      return nil
    }
  }

  /// Creates the claim of one replica from a template unless it exists (claims outlive
  /// their pods, so a recreated pod finds its data).
  private func ensureClaim(_ name: String, from template: PersistentVolumeClaim, pod: String, of set: StatefulSet) -> Bool {
    guard let cluster else { return false }
    if cluster.store.get(PersistentVolumeClaim.self, namespace: set.namespace, name: name) != nil { return true }
    var claim = PersistentVolumeClaim()
    claim.metadata = ObjectMeta(name: name, namespace: set.namespace, labels: template.metadata.labels)
    claim.metadata.annotations = template.metadata.annotations
    var labels = claim.metadata.labels ?? [:]
    for (key, value) in set.spec?.selector?.matchLabels ?? [:] { labels[key] = value }
    claim.metadata.labels = labels.isEmpty ? nil : labels
    claim.spec = template.spec
    do {
      try cluster.api.create(claim)
      cluster.api.recordEvent(
        about: set, reason: "SuccessfulCreate",
        message: "create Claim \(name) Pod \(pod) in StatefulSet \(set.name) success", component: Self.component)
      return true
    } catch {
      cluster.api.recordEvent(
        about: set, type: "Warning", reason: "FailedCreate",
        message: "create Claim \(name) for Pod \(pod) in StatefulSet \(set.name) failed error: \(error.message ?? "")",
        component: Self.component)
      return false
    }
  }

  private func deletePod(_ pod: Pod, of set: StatefulSet) {
    guard let cluster, (try? cluster.api.delete(Pod.self, namespace: pod.namespace, name: pod.name)) != nil else { return }
    cluster.api.recordEvent(
      about: set, reason: "SuccessfulDelete", message: "delete Pod \(pod.name) in StatefulSet \(set.name) successful",
      component: Self.component)
  }

  private func writeStatus(_ set: StatefulSet, pods: [Pod], updateRevision: String) {
    guard let cluster, let stored = cluster.store.get(StatefulSet.self, ObjectKey(of: set)) else { return }
    let live = pods.filter { $0.metadata.deletionTimestamp == nil && cluster.store.get(Pod.self, ObjectKey(of: $0)) != nil }
    var status = stored.status ?? StatefulSetStatus()
    let updated = live.filter { $0.metadata.labels?[Self.revisionLabel] == updateRevision }.count
    status.observedGeneration = stored.metadata.generation
    status.replicas = Int32(live.count)
    status.readyReplicas = Int32(live.filter(PodChecks.isReady).count)
    status.availableReplicas = status.readyReplicas
    status.updatedReplicas = Int32(updated)
    status.updateRevision = updateRevision
    if status.currentRevision == nil || updated == live.count && live.count == Int(stored.spec?.replicas ?? 1) {
      status.currentRevision = updateRevision
    }
    status.currentReplicas = Int32(live.filter { $0.metadata.labels?[Self.revisionLabel] == status.currentRevision }.count)
    guard status != stored.status else { return }
    var copy = stored
    copy.status = status
    _ = try? cluster.api.updateStatus(copy)
  }
}
