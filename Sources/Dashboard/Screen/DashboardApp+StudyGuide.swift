import Foundation
import KubeModel
import TerminalUI

/// What the study guide's demos show beyond the resource lists: the etcd members in the
/// header and their pane, rollout history, a service's simulated traffic in its describe,
/// setting that traffic, and a Secret's values when asked.
extension DashboardApp {
  /// `  etcd 3/3` in the header (warning colour with a member down, error without quorum).
  /// A single healthy member is not worth the space.
  func etcdSpans() -> [Span] {
    guard let status = controlPlane, status.members.count > 1 || !status.hasQuorum else { return [] }
    let healthy = status.members.filter(\.healthy).count
    let role: ColorRole = !status.hasQuorum ? .statusError : healthy < status.members.count ? .statusWarning : .header
    return [Span("  etcd ", role: .infoLabel), Span("\(healthy)/\(status.members.count)" + (status.hasQuorum ? "" : " NO QUORUM"), role: role)]
  }

  /// Opens the live `:etcd` pane.
  func showEtcd() {
    guard simulation != nil else {
      _ = notSimulated()
      return
    }
    let empty = ControlPlaneStatus(members: [], hasQuorum: true)
    open(
      TextViewPane(title: "etcd members", lines: EtcdText.lines(controlPlane ?? empty)) { [weak self] _ in
        EtcdText.lines(self?.controlPlane ?? empty)
      })
  }

  /// Opens `rollout history deployment/NAME` in a pane.
  func showHistory(name: String, namespace: String?) {
    let (client, inbox) = (self.client, self.inbox)
    let namespace = namespace ?? current?.namespace ?? defaultNamespace
    Task.detached {
      do {
        let lines = try await CommandRunner.history(name: name, namespace: namespace, client: client)
        inbox.post { $0.open(TextViewPane(title: "rollout history deployment/\(name)", lines: lines)) }
      } catch {
        let message = DashboardApp.describe(error)
        inbox.post { $0.flash(message, level: .error) }
      }
    }
  }

  /// Describes a Service; on the embedded cluster its simulated load, endpoints and recent
  /// answers follow, refreshed while the pane is open.
  func describeService(_ service: Service) {
    let base = Describer.describe(service, cache: cache, now: clusterTime)
    guard let simulation else {
      open(TextViewPane(title: "describe service/\(service.name)", lines: base))
      return
    }
    let box = TrafficBox()
    let (namespace, name) = (service.namespace, service.name)
    // Polls while the pane (the only owner of `box`) is open.
    tasks.append(
      Task.detached { [inbox, weak box] in
        while !Task.isCancelled, box != nil {
          if let status = try? await simulation.serviceLoad(namespace: namespace, service: name), let target = box {
            inbox.post { _ in target.status = status }
          }
          try? await Task.sleep(for: .milliseconds(500))
        }
      })
    open(
      TextViewPane(title: "describe service/\(name)", lines: base) { [weak self] context in
        guard let self, let status = box.status else { return base }
        let described = Describer.describe(service, cache: self.cache, now: context.now)
        let split = described.firstIndex { $0.hasPrefix("Events:") } ?? described.endIndex
        return Array(described[..<split]) + ServiceTrafficText.lines(status, now: context.now) + described[split...]
      })
  }

  /// Describes a node; its `Lease:` section follows once the lease is read (the cache does
  /// not watch leases).
  func describeNode(_ node: Node) {
    let box = DescribeBox()
    let (client, name) = (self.client, node.name)
    tasks.append(
      Task.detached { [inbox, weak box] in
        guard let lease = try? await client.get(Lease.self, namespace: "kube-node-lease", name: name), let target = box else { return }
        inbox.post { app in
          target.lines = Describer.describe(node, cache: app.cache, now: app.clusterTime, lease: lease)
        }
      })
    let base = Describer.describe(node, cache: cache, now: clusterTime)
    open(TextViewPane(title: "describe node/\(name)", lines: base) { _ in box.lines ?? base })
  }

  /// Asks for a request rate and sends it to the selected service.
  func askLoad(for service: Service) {
    guard simulation != nil else {
      _ = notSimulated()
      return
    }
    let (name, namespace) = (service.name, service.namespace)
    let form = FormDialog(title: "Load service/\(name)", fields: [.text("Requests/s (0 stops)", value: "300")])
    overlay = .form(form) { [weak self] values in
      guard case .text(let rate)? = values.first?.value else { return }
      _ = self?.runCommandLine("load svc/\(name) \(rate.trimmingCharacters(in: .whitespaces)) -n \(namespace)")
    }
  }

  /// Shows a Secret's values decoded: the only place they appear in clear.
  func revealSecret(_ secret: Secret) {
    var lines = ["Secret \(secret.namespace)/\(secret.name) decoded (values in clear):", ""]
    var values: [String: String] = [:]
    for (key, encoded) in secret.data ?? [:] {
      let bytes = Data(base64Encoded: encoded)
      values[key] = bytes.flatMap { String(data: $0, encoding: .utf8) } ?? "<binary, \(bytes?.count ?? 0) bytes>"
    }
    for (key, value) in secret.stringData ?? [:] { values[key] = value }
    for key in values.keys.sorted() { lines.append("\(key): \(values[key] ?? "")") }
    if values.isEmpty { lines.append("<no data>") }
    open(TextViewPane(title: "decoded secret/\(secret.name)", lines: lines))
  }
}

/// The latest traffic status a describe pane shows; written on the UI thread only.
final class TrafficBox: @unchecked Sendable {
  var status: ServiceLoadStatus?
}

/// Describe lines made again once something read in the background arrived (UI thread only).
final class DescribeBox: @unchecked Sendable {
  var lines: [String]?
}
