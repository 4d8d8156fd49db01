import KubeModel

/// A parsed command-bar entry: a view switch or a kubectl verb.
public enum Command: Hashable, Sendable {
  /// Show a resource list: `:pods`, `:po kube-system`, `:get pods -l app=web -A`.
  case view(ViewRequest)
  /// Leave the dashboard.
  case quit
  /// Switch theme: `:theme light`.
  case theme(String)
  case cordon(node: String)
  case uncordon(node: String)
  case drain(node: String, options: DrainOptions)
  /// `label TYPE NAME k=v k2- [--overwrite]`.
  case label(LabelRequest)
  case scale(resource: ResourceType, name: String, namespace: String?, replicas: Int32)
  /// `run NAME --image=IMG`.
  case run(name: String, namespace: String?, image: String, labels: [String: String], port: Int32?)
  /// `create deployment NAME --image=IMG [--replicas=N] [--port=P]`.
  case createDeployment(name: String, namespace: String?, images: [String], replicas: Int32, port: Int32?)
  /// `expose deployment NAME --port=P`.
  case expose(ExposeRequest)
  case apply(file: String)
  case delete(resource: ResourceType, names: [String], namespace: String?)
  case rolloutRestart(name: String, namespace: String?)
  case rolloutUndo(name: String, namespace: String?, toRevision: Int?)
  /// `rollout history|pause|resume|status deployment/NAME`.
  case rollout(RolloutVerb, name: String, namespace: String?)
  /// `set image deployment/NAME CONTAINER=IMAGE…`.
  case setImage(name: String, namespace: String?, images: [String: String])
  /// `autoscale deployment NAME --max=N [--min=N] [--cpu-percent=P]`.
  case autoscale(name: String, namespace: String?, min: Int32?, max: Int32, cpuPercent: Int32?)
  /// `load svc/NAME 300rps`: synthetic traffic on a service (0 stops it).
  case load(service: String, namespace: String?, requestsPerSecond: Double)
  /// `etcd`: the control plane's etcd members.
  case etcd
  /// `create job NAME --from=cronjob/CRONJOB`: runs a CronJob's job now.
  case createJobFromCronJob(name: String, namespace: String?, cronJob: String)
}

/// The `rollout` subcommands that read or flip a Deployment's state.
public enum RolloutVerb: String, Hashable, Sendable {
  case history, pause, resume, status
}

/// What `:pods …` / `:get pods …` asks to see.
public struct ViewRequest: Hashable, Sendable {
  public var resource: ResourceType
  /// nil: keep the current namespace; `.some(nil)`: all namespaces.
  public var namespace: String??
  public var filter: String?
  public var labelColumns: [String]
  public var showsLabels: Bool
  public var isWide: Bool

  public init(
    resource: ResourceType, namespace: String?? = nil, filter: String? = nil, labelColumns: [String] = [],
    showsLabels: Bool = false, isWide: Bool = false
  ) {
    self.resource = resource
    self.namespace = namespace
    self.filter = filter
    self.labelColumns = labelColumns
    self.showsLabels = showsLabels
    self.isWide = isWide
  }
}

/// `label` arguments: the object, and labels to set (value) or remove (nil).
public struct LabelRequest: Hashable, Sendable {
  public var resource: ResourceType
  public var name: String
  public var namespace: String?
  public var changes: [String: String?]
  public var overwrite: Bool

  public init(resource: ResourceType, name: String, namespace: String?, changes: [String: String?], overwrite: Bool) {
    self.resource = resource
    self.name = name
    self.namespace = namespace
    self.changes = changes
    self.overwrite = overwrite
  }
}

/// `expose` arguments.
public struct ExposeRequest: Hashable, Sendable {
  public var resource: ResourceType
  public var name: String
  public var namespace: String?
  public var port: Int32?
  public var targetPort: String?
  public var type: String?
  public var serviceName: String?

  public init(
    resource: ResourceType, name: String, namespace: String?, port: Int32?, targetPort: String?, type: String?,
    serviceName: String?
  ) {
    self.resource = resource
    self.name = name
    self.namespace = namespace
    self.port = port
    self.targetPort = targetPort
    self.type = type
    self.serviceName = serviceName
  }
}

/// A command that cannot run, with kubectl's wording where kubectl has one.
public struct CommandError: Error, Hashable, Sendable, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
}

