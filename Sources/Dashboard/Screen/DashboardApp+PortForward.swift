import KubeModel
import TerminalUI

/// `F` on a pod: a port forward as `kubectl port-forward` makes one, run by the dashboard
/// until it quits (or until `F` on the pod stops it).
extension DashboardApp {
  func askPortForward(_ pod: Pod) {
    let running = forwards.filter { $0.namespace == pod.namespace && $0.pod == pod.name && $0.isRunning }
    if !running.isEmpty {
      let list = running.map { "127.0.0.1:\($0.localPort) -> \($0.port)" }.joined(separator: ", ")
      let question = ConfirmDialog(
        title: "Port-forward", message: "Stop forwarding \(list) to pod/\(pod.name)?", confirm: "Stop", focusesCancel: false)
      overlay = .confirm(question) {
        [weak self] in
        running.forEach { $0.stop() }
        self?.forwards.removeAll { !$0.isRunning }
        self?.flash("Stopped forwarding \(list)")
      }
      return
    }
    let port = ActionForms.firstContainerPort(of: pod) ?? 80
    overlay = .form(ActionForms.portForward(pod: pod.name, port: port)) { [weak self] values in
      switch ActionForms.ports(values) {
      case .failure(let error): self?.flash(error.description, level: .error)
      case .success(let ports): self?.startPortForward(pod, port: ports.pod, localPort: ports.local)
      }
    }
  }

  func startPortForward(_ pod: Pod, port: Int32, localPort: Int) {
    let inbox = self.inbox
    do {
      let forward = try PortForwarder(
        client: client, namespace: pod.namespace, pod: pod.name, port: port, localPort: localPort
      ) { message in
        inbox.post { $0.flash(message, level: .error) }
      }
      forwards.append(forward)
      flash("Forwarding from 127.0.0.1:\(forward.localPort) -> \(port) (pod/\(pod.name); F again stops it)")
    } catch {
      flash("\(error)", level: .error)
    }
  }
}

extension ActionForms {
  /// The port-forward form: the pod's port, and the local one (the same by default; 0 lets
  /// the system choose).
  static func portForward(pod: String, port: Int32) -> FormDialog {
    FormDialog(
      title: "Port-forward pod/\(pod)", fields: [.text("Pod port", value: "\(port)"), .text("Local port", value: "\(port)")])
  }

  /// The first port a container of `pod` declares.
  static func firstContainerPort(of pod: Pod) -> Int32? {
    (pod.spec?.containers ?? []).lazy.compactMap { $0.ports?.first?.containerPort }.first
  }

  /// The two ports, or kubectl's refusal of one that is not a port.
  static func ports(_ values: [(label: String, value: FormDialog.Value)]) -> Result<(pod: Int32, local: Int), CommandError> {
    var pod: Int32?
    var local: Int?
    for (label, value) in values {
      guard case .text(let text) = value else { continue }
      let typed = text.trimmedSpaces
      guard let number = Int(typed), (label == "Local port" ? 0 : 1)...65535 ~= number else {
        let side = label == "Local port" ? "local" : "remote"
        return .failure(CommandError("error: Error parsing \(side) port '\(typed)': invalid port"))
      }
      if label == "Pod port" { pod = Int32(number) } else { local = number }
    }
    guard let pod else { return .failure(CommandError("error: a pod port is required")) }
    return .success((pod, local ?? Int(pod)))
  }
}
