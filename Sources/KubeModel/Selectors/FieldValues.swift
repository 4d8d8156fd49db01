/// The values of the fields the API server supports in field selectors, per kind.
public enum FieldValues {
  /// The value of `path` on `object`, or nil when the kind does not support that field.
  /// Unset fields read as "" (so `spec.nodeName=` selects unscheduled pods).
  public static func value(of object: any KubeObject, path: String) -> String? {
    switch path {
    case "metadata.name": return object.metadata.name ?? ""
    case "metadata.namespace": return object.metadata.namespace ?? ""
    default: break
    }
    switch object {
    case let pod as Pod:
      switch path {
      case "spec.nodeName": return pod.spec?.nodeName ?? ""
      case "status.phase": return pod.status?.phase ?? ""
      case "spec.restartPolicy": return pod.spec?.restartPolicy ?? ""
      case "spec.schedulerName": return pod.spec?.schedulerName ?? ""
      case "spec.serviceAccountName": return pod.spec?.serviceAccountName ?? ""
      case "spec.hostNetwork": return String(pod.spec?.hostNetwork ?? false)
      case "status.podIP": return pod.status?.podIP ?? ""
      case "status.nominatedNodeName": return pod.status?.nominatedNodeName ?? ""
      default: return nil
      }
    case let node as Node:
      return path == "spec.unschedulable" ? String(node.spec?.unschedulable ?? false) : nil
    case let event as Event:
      switch path {
      case "involvedObject.kind": return event.involvedObject.kind ?? ""
      case "involvedObject.namespace": return event.involvedObject.namespace ?? ""
      case "involvedObject.name": return event.involvedObject.name ?? ""
      case "involvedObject.uid": return event.involvedObject.uid ?? ""
      case "involvedObject.apiVersion": return event.involvedObject.apiVersion ?? ""
      case "involvedObject.resourceVersion": return event.involvedObject.resourceVersion ?? ""
      case "involvedObject.fieldPath": return event.involvedObject.fieldPath ?? ""
      case "reason": return event.reason ?? ""
      case "reportingComponent": return event.reportingComponent ?? ""
      case "source": return event.source?.component ?? ""
      case "type": return event.type ?? ""
      default: return nil
      }
    case let secret as Secret:
      return path == "type" ? secret.type ?? "" : nil
    case let namespace as Namespace:
      return path == "status.phase" ? namespace.status?.phase ?? "" : nil
    case let job as Job:
      return path == "status.successful" ? String(job.status?.succeeded ?? 0) : nil
    default:
      return nil
    }
  }
}
