import Foundation
import KubeModel

/// `kubectl describe`-style text for any cached object, ending with the object's events.
public enum Describer {
  /// The describe lines of an object: for nodes, pods, deployments, replica sets, daemon
  /// sets, stateful sets, jobs, cron jobs, autoscalers, disruption budgets, priority classes, namespaces, services, endpoints, config maps, secrets,
  /// claims, volumes and storage classes what
  /// `kubectl describe` prints, line for line; for other kinds what its generic describer
  /// prints (see `GenericDescription`).
  /// A node's `Lease:` section is written when its `lease` is given (the cache holds none).
  public static func describe(_ object: any KubeObject, cache: InformerCache, now: Time, lease: Lease? = nil) -> [String] {
    var text = TabbedText()
    switch object {
    case let node as Node: NodeDescription.write(node, cache: cache, lease: lease, into: &text, now: now)
    case let pod as Pod: PodDescription.write(pod, into: &text, now: now)
    case let deployment as Deployment: DeploymentDescription.write(deployment, cache: cache, into: &text)
    case let service as Service: ServiceDescription.write(service, cache: cache, into: &text)
    case let set as ReplicaSet: ControllerDescription.write(set, cache: cache, into: &text)
    case let set as DaemonSet: ControllerDescription.write(set, cache: cache, into: &text)
    case let set as StatefulSet: BatchDescription.write(set, cache: cache, into: &text)
    case let job as Job: BatchDescription.write(job, into: &text)
    case let cron as CronJob: BatchDescription.write(cron, into: &text)
    case let map as ConfigMap: ConfigDescription.write(map, into: &text)
    case let hpa as HorizontalPodAutoscaler: AutoscalerDescription.write(hpa, into: &text)
    case let budget as PodDisruptionBudget: DisruptionBudgetDescription.write(budget, into: &text)
    case let priorityClass as PriorityClass: PriorityClassDescription.write(priorityClass, into: &text)
    case let endpoints as Endpoints: EndpointsDescription.write(endpoints, into: &text)
    case let claim as PersistentVolumeClaim: StorageDescription.write(claim, cache: cache, into: &text, now: now)
    case let volume as PersistentVolume: StorageDescription.write(volume, into: &text, now: now)
    case let storageClass as StorageClass: StorageDescription.write(storageClass, into: &text)
    case let namespace as Namespace:
      // kubectl shows no events for a namespace.
      NamespaceDescription.write(namespace, into: &text)
      return text.lines
    case let secret as Secret:
      // kubectl shows no events for a secret.
      ConfigDescription.write(secret, into: &text)
      return text.lines
    default:
      GenericDescription.write(object, into: &text)
    }
    // A mirror pod's Events name the static pod's UID, as kubectl looks them up.
    let uid = (object is Pod ? object.metadata.annotations?["kubernetes.io/config.mirror"] : nil) ?? object.metadata.uid
    text.events(cache.events(about: type(of: object).resource.kind, namespace: object.namespace, name: object.name, uid: uid), now: now)
    return text.lines
  }

  /// `Name:   value`, with kubectl's label column width.
  static func field(_ name: String, _ value: String, indent: Int = 0) -> String {
    let label = String(repeating: " ", count: indent) + name + ":"
    return label.padding(to: 20) + value
  }

  /// A time as kubectl describe prints it (RFC 1123 with a numeric zone, in UTC here:
  /// `Thu, 01 Jan 2026 00:00:05 +0000`).
  static func timestamp(_ time: Time) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
    return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(time.seconds)))
  }
}

extension String {
  /// Pads with spaces to at least `width` characters (describe output is ASCII-aligned).
  func padding(to width: Int) -> String {
    count >= width ? self + " " : self + String(repeating: " ", count: width - count)
  }
}
